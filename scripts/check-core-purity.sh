#!/usr/bin/env bash
# The core (everything below the executable) does no I/O: no files, environment, clock, network or
# console. Time comes in as an argument; files are read by the `switchboard` executable only.
set -euo pipefail
cd "$(dirname "$0")/.."
core=(Sources/FlowRuntime Sources/FlowLanguage Sources/FlowRegex Sources/SMSText Sources/ConversationTesting Sources/TextClassifier Sources/PhoneNumbers Sources/SwitchboardEngine Sources/TwilioWire)
pattern='FileManager|ProcessInfo|Date\(\)|Date\.now|URLSession|fopen|readLine\(|FileHandle|^[^/]*[^.a-zA-Z]print\(|getenv|arc4random|\.random\('
if hits=$(grep -rnE "$pattern" "${core[@]}" | grep -vE '^[^:]+:[0-9]+:\s*///'); then
  echo "check-core-purity: I/O in the core (move it to Sources/switchboard):"
  echo "$hits"
  exit 1
fi
echo "check-core-purity: ok (${#core[@]} core targets)"
