#ifndef SWITCHBOARD_CPCRE2_SHIM_H
#define SWITCHBOARD_CPCRE2_SHIM_H

// Swift cannot import PCRE2's token-pasting name macros (pcre2_compile -> pcre2_compile_8) nor the
// cast macros (PCRE2_ZERO_TERMINATED, PCRE2_UNSET), so this header fixes the code unit width and
// exposes the few cast constants as inline functions. Swift code calls the `_8` symbols directly.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

static inline PCRE2_SIZE switchboard_pcre2_unset(void) { return PCRE2_UNSET; }

#endif
