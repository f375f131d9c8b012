import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareNames } from './name-order.js';
import { seededRandom } from '../testing/seeded-random.js';

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
/** The order compareNames must give: the collator, then code units. */
const reference = (x: string, y: string): number => collator.compare(x, y) || (x < y ? -1 : x > y ? 1 : 0);

// Letters in both cases and with accents, separators, ASCII digits, and the characters a shortcut on
// digits could get wrong: digits of other scripts (Arabic-Indic, fullwidth, Devanagari), a combining
// accent that may follow a digit, a superscript two (a number, not a decimal digit), and an emoji.
const ALPHABET = ['a', 'A', 'b', 'B', 'é', 'É', 'z', '-', '_', ' ', '.', '0', '1', '2', '5', '9', '٣', '５', '३', '\u0301', '²', '😀'];

function name(rnd: () => number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHABET[Math.floor(rnd() * ALPHABET.length)];
  return s;
}

/** A name sharing a prefix with `x`, then differing: most pairs in a folder look like this. */
function neighbour(rnd: () => number, x: string): string {
  const keep = Math.floor(rnd() * (x.length + 1));
  return x.slice(0, keep) + name(rnd, Math.floor(rnd() * 4)) + (rnd() < 0.5 ? x.slice(keep + 1) : '');
}

test('name order: compareNames agrees with the numeric collator on 200,000 generated pairs', () => {
  const rnd = seededRandom(13);
  for (let i = 0; i < 200_000; i++) {
    const x = name(rnd, 1 + Math.floor(rnd() * 8));
    const y = rnd() < 0.8 ? neighbour(rnd, x) : name(rnd, 1 + Math.floor(rnd() * 8));
    const got = Math.sign(compareNames(x, y));
    assert.equal(got, Math.sign(reference(x, y)), `${JSON.stringify(x)} vs ${JSON.stringify(y)}`);
    assert.equal(Math.sign(compareNames(y, x)), 0 - got, `${JSON.stringify(y)} vs ${JSON.stringify(x)}`);
  }
});

test('name order: numbered files in Explorer order, whatever their padding, case or script', () => {
  const names = ['file-10.txt', 'File-2.txt', 'file-000150.txt', 'file-000123.txt', 'file-1.txt', 'IMG_0117.jpg', 'img_0042.jpg', 'file-٣.txt', 'file-01.txt', 'file-3.txt'];
  const sorted = [...names].sort(compareNames);
  assert.deepEqual(sorted, [...names].sort(reference));
  // Digits as numbers: 1 < 01 (same value; code units decide) < 2 < 3 < 10 < 123 < 150.
  assert.deepEqual(sorted.filter((n) => /^file-[0-9]/i.test(n)), ['file-01.txt', 'file-1.txt', 'File-2.txt', 'file-3.txt', 'file-10.txt', 'file-000123.txt', 'file-000150.txt']);
});
