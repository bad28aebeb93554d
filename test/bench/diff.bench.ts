/**
 * The article page's word diff: the hand-written one (libs/bargaining word-diff, Myers over word
 * tokens) against jsdiff's diffWords on long articles. Rounds alternate which runs first, so
 * neither always meets a warm or a cold CPU; the figure is each one's median per diff.
 *
 *   npm run bench:diff [-- --words 6000 --rounds 15]
 */
import { performance } from 'node:perf_hooks';
import { diffWords } from 'diff';
import { wordDiff } from '#bargaining';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const WORDS = arg('words', 6000);
const ROUNDS = arg('rounds', 15);

/** Deterministic pseudo-random numbers, so every run diffs the same texts. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const VOCABULARY = (
  'the district shall employee unit member salary schedule step column hours workday calendar leave sick personal bereavement ' +
  'grievance arbitration article section provided that within days notice association board may not less than per year ' +
  'effective July 1, 2025 $3,400,000.00 percent 3.5% increase health benefits premium contribution class size maximum'
).split(' ');

function article(words: number, rnd: () => number): string[] {
  return Array.from({ length: words }, (_, i) => VOCABULARY[Math.floor(rnd() * VOCABULARY.length)]! + (i % 17 === 16 ? '.' : ''));
}

/** The next position: `share` of the words replaced, inserted or deleted, in runs of a few words. */
function revise(text: readonly string[], share: number, rnd: () => number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i++) {
    if (rnd() < share / 3) {
      const kind = rnd();
      if (kind < 0.34) continue; // deleted
      if (kind < 0.67) out.push(VOCABULARY[Math.floor(rnd() * VOCABULARY.length)]!); // inserted before
      else {
        out.push(VOCABULARY[Math.floor(rnd() * VOCABULARY.length)]!); // replaced
        continue;
      }
    }
    out.push(text[i]!);
  }
  return out;
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function time(run: () => unknown): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

const rnd = random(2025);
const base = article(WORDS, rnd);
const cases = [
  { name: 'a few edits (1%)', before: base.join(' '), after: revise(base, 0.01, rnd).join(' ') },
  { name: 'a revision (5%)', before: base.join(' '), after: revise(base, 0.05, rnd).join(' ') },
  { name: 'a heavy rewrite (10%)', before: base.join(' '), after: revise(base, 0.1, rnd).join(' ') },
];

process.stdout.write(`word diff on a ${WORDS}-word article, ${ROUNDS} alternating rounds, median ms per diff\n`);
const results: { case: string; handWritten: number; jsdiff: number }[] = [];
for (const c of cases) {
  // Warm both up once.
  wordDiff(c.before, c.after);
  diffWords(c.before, c.after);
  const hand: number[] = [];
  const js: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const runHand = () => hand.push(time(() => wordDiff(c.before, c.after)));
    const runJs = () => js.push(time(() => diffWords(c.before, c.after)));
    if (round % 2 === 0) {
      runHand();
      runJs();
    } else {
      runJs();
      runHand();
    }
  }
  // Past its edit-distance bound the hand-written diff reports the middle replaced whole: say so, since that is less work than a real diff.
  const equalParts = wordDiff(c.before, c.after).filter((part) => part.op === 'equal').length;
  results.push({ case: `${c.name}${equalParts <= 2 ? ' [bounded: middle replaced whole]' : ''}`, handWritten: median(hand), jsdiff: median(js) });
}
for (const r of results) {
  process.stdout.write(`  ${r.case.padEnd(28)} hand-written ${r.handWritten.toFixed(2).padStart(9)} ms   jsdiff ${r.jsdiff.toFixed(2).padStart(9)} ms   ${(r.jsdiff / r.handWritten).toFixed(1)}×\n`);
}
const wins = results.every((r) => r.handWritten < r.jsdiff);
process.stdout.write(wins ? 'the hand-written diff is faster in every case\n' : 'jsdiff is faster in at least one case\n');
