// Checks the console's segment counter (Sources/SwitchboardHTTP/Console/segments.js) against the
// shared SMS segment vectors.
//
//   node Tests/Browser/segments_vectors.mjs ../shared/vectors/sms-segments.json
//
// Exits 0 when every case passes; otherwise prints each failing case and exits 1.
import { readFileSync } from 'node:fs';
import { runInThisContext } from 'node:vm';
import { fileURLToPath } from 'node:url';

const vectorsPath = process.argv[2];
if (!vectorsPath) {
  console.error('usage: node Tests/Browser/segments_vectors.mjs /path/to/sms-segments.json');
  process.exit(64);
}

// segments.js is a classic browser script that defines a global, so run it as one.
const scriptURL = new URL('../../Sources/SwitchboardHTTP/Console/segments.js', import.meta.url);
runInThisContext(readFileSync(scriptURL, 'utf8'), { filename: fileURLToPath(scriptURL) });
const { SMSSegments } = globalThis;

const { cases } = JSON.parse(readFileSync(vectorsPath, 'utf8'));
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
// Every character of a GSM-7 case is GSM-7, so none of them may be reported as forcing UCS-2.
const gsmChars = new Set(cases.filter((c) => c.encoding === 'GSM-7').flatMap((c) => Array.from(c.text)));
let failures = 0;

for (const c of cases) {
  const got = SMSSegments.measure(c.text);
  const problems = [];
  const check = (field, actual, expected) => {
    if (!same(actual, expected)) {
      problems.push(`${field}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
    }
  };
  check('encoding', got.encoding, c.encoding);
  check('units', got.units, c.septets_or_units);
  check('segments', got.segments, c.segments);
  check('partLengths', got.partLengths, c.part_lengths);
  check('parts', got.parts, c.parts);
  check('perSegment', got.perSegment, perSegment(c));
  checkUCS2Chars(c, got.ucs2Chars, problems);
  if (problems.length > 0) {
    failures += 1;
    console.log(`FAIL ${c.id} (${c.description})`);
    for (const p of problems) console.log(`  ${p}`);
  }
}

console.log(`${cases.length - failures}/${cases.length} cases pass`);
process.exit(failures === 0 ? 0 : 1);

// What one segment holds for this case: the single-message limit or the concatenated one.
function perSegment(c) {
  const gsm = c.encoding === 'GSM-7';
  if (c.segments === 1) return gsm ? 160 : 70;
  return gsm ? 153 : 67;
}

// The vectors do not list the characters that force UCS-2, so check what they do imply: none for
// GSM-7; for UCS-2 at least one, each once, each taken from the text and none known to be GSM-7.
function checkUCS2Chars(c, chars, problems) {
  const text = Array.from(c.text);
  const ok = c.encoding === 'GSM-7'
    ? chars.length === 0
    : chars.length > 0 && new Set(chars).size === chars.length &&
      chars.every((ch) => text.includes(ch) && !gsmChars.has(ch));
  if (!ok) problems.push(`ucs2Chars: got ${JSON.stringify(chars)} for a ${c.encoding} text`);
}
