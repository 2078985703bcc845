// SMS segment counter for the agent console: the same rules as the Swift SMSSegmenter
// (3GPP TS 23.038 / 23.040, Twilio's 153 / 67 per concatenated segment).
// No module system: loaded with a plain <script> tag, it defines the global `SMSSegments`.
'use strict';

(function (global) {
  // Non-ASCII default-alphabet characters: ¡ £ ¤ ¥ § ¿ Ä Å Æ Ç É Ñ Ö Ø Ü ß à ä å æ è é ì ñ ò ö ø ù ü
  // and the Greek capitals Γ Δ Θ Λ Ξ Π Σ Φ Ψ Ω (U+03A9).
  const LATIN_AND_GREEK = new Set([
    0xA1, 0xA3, 0xA4, 0xA5, 0xA7, 0xBF,
    0xC4, 0xC5, 0xC6, 0xC7, 0xC9, 0xD1, 0xD6, 0xD8, 0xDC, 0xDF,
    0xE0, 0xE4, 0xE5, 0xE6, 0xE8, 0xE9, 0xEC, 0xF1, 0xF2, 0xF6, 0xF8, 0xF9, 0xFC,
    0x393, 0x394, 0x398, 0x39B, 0x39E, 0x3A0, 0x3A3, 0x3A6, 0x3A8, 0x3A9,
  ]);

  // Septets for one Unicode scalar: 1 (default alphabet), 2 (extension table: ESC + code)
  // or 0 when it is not GSM-7. Backtick, TAB, DEL, ¢, NBSP, lowercase ç, lowercase Greek and
  // OHM SIGN U+2126 are not GSM-7.
  function septets(cp) {
    if (cp === 0x0A || cp === 0x0D || (cp >= 0x20 && cp <= 0x5A) || cp === 0x5F ||
        (cp >= 0x61 && cp <= 0x7A)) return 1;
    if (cp === 0x0C || (cp >= 0x5B && cp <= 0x5E) || (cp >= 0x7B && cp <= 0x7E) ||
        cp === 0x20AC) return 2;
    return LATIN_AND_GREEK.has(cp) ? 1 : 0;
  }

  const CAPACITY = {
    'GSM-7': { single: 160, segment: 153 },
    'UCS-2': { single: 70, segment: 67 },
  };

  // Measures `text` as it will be sent. Returns
  // { encoding, units, segments, perSegment, partLengths, parts, ucs2Chars }:
  // units are septets (GSM-7) or UTF-16 code units (UCS-2); perSegment is what one segment holds
  // (160/70 for a single message, 153/67 when concatenated); ucs2Chars lists the characters that
  // force UCS-2, each once, in order of first appearance. A segment never splits an extension
  // character or a surrogate pair, so it may hold one unit less than perSegment.
  function measure(text) {
    const scalars = Array.from(text); // one string per Unicode scalar
    const ucs2Chars = [];
    let septetTotal = 0;
    for (const ch of scalars) {
      const cost = septets(ch.codePointAt(0));
      if (cost === 0) {
        if (!ucs2Chars.includes(ch)) ucs2Chars.push(ch);
      } else {
        septetTotal += cost;
      }
    }

    const encoding = ucs2Chars.length === 0 ? 'GSM-7' : 'UCS-2';
    const units = encoding === 'GSM-7' ? septetTotal : text.length; // JS length = UTF-16 units
    const capacity = CAPACITY[encoding];
    if (units <= capacity.single) {
      return { encoding, units, segments: 1, perSegment: capacity.single,
               partLengths: [units], parts: [text], ucs2Chars };
    }

    // Greedy split; a scalar that does not fit whole starts the next segment.
    const parts = [];
    const partLengths = [];
    let part = '';
    let filled = 0;
    for (const ch of scalars) {
      const cost = encoding === 'GSM-7' ? septets(ch.codePointAt(0)) : ch.length;
      if (filled + cost > capacity.segment) {
        parts.push(part);
        partLengths.push(filled);
        part = '';
        filled = 0;
      }
      part += ch;
      filled += cost;
    }
    parts.push(part);
    partLengths.push(filled);
    return { encoding, units, segments: parts.length, perSegment: capacity.segment,
             partLengths, parts, ucs2Chars };
  }

  // A readable name for a character that forces UCS-2: "’ (U+2019)", or just "U+00A0" for
  // invisible ones (spaces, controls, format characters, combining marks).
  function describe(ch) {
    const code = 'U+' + ch.codePointAt(0).toString(16).toUpperCase().padStart(4, '0');
    return /^[\p{C}\p{Z}\p{M}]$/u.test(ch) ? code : `${ch} (${code})`;
  }

  global.SMSSegments = { measure, describe };
})(globalThis);
