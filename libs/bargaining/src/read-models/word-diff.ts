import { LRUCache } from 'lru-cache';

/*
 * A word-level diff for contract language: what changed from one position's text to the next.
 * Words (letters, digits, and the joiners inside numbers and words such as "3,400,000.00" or
 * "don't") and single punctuation marks are the units compared; white space is never compared, so
 * re-wrapping a paragraph is not a change. The edit script is a shortest one (an LCS over the
 * tokens), found with Myers' O((N+M)·D) algorithm after the common prefix and suffix are trimmed.
 */

export type WordDiffOp = 'equal' | 'insert' | 'delete';

export interface WordDiffPart {
  readonly op: WordDiffOp;
  readonly text: string;
}

interface Token {
  /** What is compared: the word or mark; '' for white space before the first word. */
  readonly key: string;
  /** The token as written, with the white space after it. */
  readonly text: string;
}

const TOKEN = /[\p{L}\p{N}_]+(?:['’.,\-/][\p{L}\p{N}_]+)*|[^\s\p{L}\p{N}_]/gu;

export function wordTokens(text: string): Token[] {
  const tokens: Token[] = [];
  const lead = /^\s+/.exec(text)?.[0] ?? '';
  if (lead) tokens.push({ key: '', text: lead });
  for (const match of text.matchAll(TOKEN)) {
    const start = match.index + match[0].length;
    let end = start;
    while (end < text.length && /\s/.test(text[end]!)) end++;
    tokens.push({ key: match[0], text: text.slice(match.index, end) });
  }
  return tokens;
}

/** Beyond this many differences the middle is reported as replaced whole (still a correct diff). */
const MAX_EDIT_DISTANCE = 2000;

/**
 * The changes that turn `before` into `after`. Concatenating the equal and insert parts gives
 * `after` exactly; the equal and delete parts hold the words of `before` in order (equal parts are
 * written with `after`'s spacing). Within each changed stretch, deletions come before insertions.
 */
export function wordDiff(before: string, after: string, options: { maxEditDistance?: number } = {}): WordDiffPart[] {
  const a = wordTokens(before);
  const b = wordTokens(after);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix]!.key === b[prefix]!.key) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix]!.key === b[b.length - 1 - suffix]!.key) suffix++;
  const oldMiddle = a.slice(prefix, a.length - suffix);
  const newMiddle = b.slice(prefix, b.length - suffix);
  const script: { op: WordDiffOp; token: Token }[] = [];
  for (let i = 0; i < prefix; i++) script.push({ op: 'equal', token: b[i]! });
  const middle = shortestEditScript(oldMiddle, newMiddle, options.maxEditDistance ?? MAX_EDIT_DISTANCE) ?? [
    ...oldMiddle.map((token) => ({ op: 'delete' as const, token })),
    ...newMiddle.map((token) => ({ op: 'insert' as const, token })),
  ];
  script.push(...middle);
  for (let i = b.length - suffix; i < b.length; i++) script.push({ op: 'equal', token: b[i]! });
  return merge(script);
}

/**
 * Myers' greedy algorithm with a trace for the way back; null when the distance exceeds `maxD`.
 * Tokens are compared as small integers (each key numbered once per call), and the trace is one
 * growing array of the v-windows, step after step: a long chain diffs tens of thousands of pairs.
 */
function shortestEditScript(a: readonly Token[], b: readonly Token[], maxD: number): { op: WordDiffOp; token: Token }[] | null {
  const n = a.length;
  const m = b.length;
  if (n === 0) return b.map((token) => ({ op: 'insert', token }));
  if (m === 0) return a.map((token) => ({ op: 'delete', token }));
  const numbers = new Map<string, number>();
  const ka = new Int32Array(n);
  const kb = new Int32Array(m);
  for (let i = 0; i < n; i++) {
    const key = a[i]!.key;
    let id = numbers.get(key);
    if (id === undefined) numbers.set(key, (id = numbers.size));
    ka[i] = id;
  }
  for (let j = 0; j < m; j++) {
    const key = b[j]!.key;
    let id = numbers.get(key);
    if (id === undefined) numbers.set(key, (id = numbers.size));
    kb[j] = id;
  }
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  // The window of v for k in [-d-1, d+1] as it stood before step d starts at d * (d + 2) in trace (2d + 3 values).
  let trace = new Int32Array(Math.min(1 << 16, 8 * (max + 2)));
  const last = Math.min(max, maxD);
  for (let d = 0; d <= last; d++) {
    const start = d * (d + 2);
    const end = start + 2 * d + 3;
    if (end > trace.length) {
      const grown = new Int32Array(Math.max(end, 2 * trace.length));
      grown.set(trace.subarray(0, start));
      trace = grown;
    }
    for (let i = 0, from = offset - d - 1; i < 2 * d + 3; i++) trace[start + i] = v[from + i]!;
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && ka[x] === kb[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, d, a, b);
    }
  }
  return null;
}

function backtrack(trace: Int32Array, steps: number, a: readonly Token[], b: readonly Token[]): { op: WordDiffOp; token: Token }[] {
  const reversed: { op: WordDiffOp; token: Token }[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = steps; d >= 0; d--) {
    const base = d * (d + 2) + d + 1;
    const k = x - y;
    const prevK = k === -d || (k !== d && trace[base + k - 1]! < trace[base + k + 1]!) ? k + 1 : k - 1;
    const prevX = trace[base + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      reversed.push({ op: 'equal', token: b[y - 1]! });
      x--;
      y--;
    }
    if (d > 0) {
      if (x === prevX) reversed.push({ op: 'insert', token: b[y - 1]! });
      else reversed.push({ op: 'delete', token: a[x - 1]! });
    }
    x = prevX;
    y = prevY;
  }
  return reversed.reverse();
}

/** Joins runs of one operation; in each changed stretch, what was deleted comes first. */
function merge(script: readonly { op: WordDiffOp; token: Token }[]): WordDiffPart[] {
  const parts: WordDiffPart[] = [];
  const push = (op: WordDiffOp, text: string) => {
    if (text === '') return;
    const last = parts[parts.length - 1];
    if (last && last.op === op) parts[parts.length - 1] = { op, text: last.text + text };
    else parts.push({ op, text });
  };
  let deleted = '';
  let inserted = '';
  const flush = () => {
    push('delete', deleted);
    push('insert', inserted);
    deleted = '';
    inserted = '';
  };
  for (const { op, token } of script) {
    if (op === 'equal') {
      flush();
      push('equal', token.text);
    } else if (op === 'delete') deleted += token.text;
    else inserted += token.text;
  }
  flush();
  return parts;
}

/**
 * wordDiff with its answers kept, least recently used dropped first once the texts compared pass
 * `maxChars` characters: a read path that shows the same positions' diffs on every request (an
 * article's chain) computes each once. The answers are the same arrays each time: not to be changed.
 */
export function rememberedWordDiff(maxChars = 2_000_000): (before: string, after: string) => readonly WordDiffPart[] {
  const answers = new LRUCache<string, readonly WordDiffPart[]>({ maxSize: maxChars, sizeCalculation: (_answer, key) => Math.max(1, key.length) });
  return (before, after) => {
    // The length first: ("ab", "c") and ("a", "bc") are two questions.
    const key = `${before.length}:${before}${after}`;
    let answer = answers.get(key);
    if (answer === undefined) {
      answer = wordDiff(before, after);
      answers.set(key, answer);
    }
    return answer;
  };
}
