import fc from 'fast-check';
import { type WordDiffPart, rememberedWordDiff, wordDiff, wordTokens } from './word-diff.js';

const keys = (text: string) => wordTokens(text).map((t) => t.key).filter((k) => k !== '');
const join = (parts: readonly WordDiffPart[], ops: readonly string[]) => parts.filter((p) => ops.includes(p.op)).map((p) => p.text).join('');

/** Length of a longest common subsequence, by the textbook table: the reference for minimality. */
function lcsLength(a: readonly string[], b: readonly string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = a[i - 1] === b[j - 1] ? diagonal + 1 : Math.max(row[j]!, row[j - 1]!);
      diagonal = above;
    }
  }
  return row[b.length]!;
}

describe('word tokens', () => {
  it('keeps numbers, dates and contractions whole, and punctuation apart', () => {
    expect(keys('Salary: $3,400,000.00 for 2025-26 (see § 3547.5); don’t reopen.')).toEqual([
      'Salary', ':', '$', '3,400,000.00', 'for', '2025-26', '(', 'see', '§', '3547.5', ')', ';', 'don’t', 'reopen', '.',
    ]);
  });

  it('carries the white space after each token, so the tokens spell the text', () => {
    const text = '  Article 24.\n\nSalaries  increase 3%. ';
    expect(wordTokens(text).map((t) => t.text).join('')).toBe(text);
  });
});

describe('word diff', () => {
  it('marks a changed number inside otherwise equal language', () => {
    expect(wordDiff('Salaries increase by 2% on July 1.', 'Salaries increase by 3.5% on July 1.')).toEqual([
      { op: 'equal', text: 'Salaries increase by ' },
      { op: 'delete', text: '2' },
      { op: 'insert', text: '3.5' },
      { op: 'equal', text: '% on July 1.' },
    ]);
  });

  it('reports inserted and deleted clauses as whole stretches', () => {
    expect(wordDiff('Class size shall not exceed 28 students.', 'Class size shall not exceed 26 students in grades K-3, and 30 otherwise.')).toEqual([
      { op: 'equal', text: 'Class size shall not exceed ' },
      { op: 'delete', text: '28 ' },
      { op: 'insert', text: '26 ' },
      { op: 'equal', text: 'students ' },
      { op: 'insert', text: 'in grades K-3, and 30 otherwise' },
      { op: 'equal', text: '.' },
    ]);
  });

  it('is one equal part for the same words, whatever the spacing', () => {
    expect(wordDiff('The district shall\npay', 'The  district shall pay')).toEqual([{ op: 'equal', text: 'The  district shall pay' }]);
  });

  it('handles empty texts: a first position is all inserted, a withdrawal all deleted', () => {
    expect(wordDiff('', 'New article text')).toEqual([{ op: 'insert', text: 'New article text' }]);
    expect(wordDiff('Old text', '')).toEqual([{ op: 'delete', text: 'Old text' }]);
    expect(wordDiff('', '')).toEqual([]);
  });

  it('compares case and punctuation exactly: "shall" to "may" is a change of meaning', () => {
    expect(wordDiff('The district shall consult.', 'The District may consult.')).toEqual([
      { op: 'equal', text: 'The ' },
      { op: 'delete', text: 'district shall ' },
      { op: 'insert', text: 'District may ' },
      { op: 'equal', text: 'consult.' },
    ]);
  });

  it('falls back to a correct (if coarse) diff beyond its edit budget', () => {
    const before = 'a b c d e f g h';
    const after = 'h g f e d c b a';
    const coarse = wordDiff(before, after, { maxEditDistance: 2 });
    expect(join(coarse, ['equal', 'insert'])).toBe(after);
    expect(keys(join(coarse, ['equal', 'delete']))).toEqual(keys(before));
  });

  const word = fc.constantFrom('the', 'district', 'shall', 'may', 'pay', '3%', 'union', ',', '.', 'salary');
  const space = fc.constantFrom(' ', '  ', '\n', ' \n ');
  const text = fc.array(fc.tuple(word, space), { maxLength: 25 }).map((pairs) => pairs.map(([w, s]) => w + s).join(''));

  it('rebuilds the new text exactly, and the old text word for word (property)', () => {
    fc.assert(
      fc.property(text, text, (before, after) => {
        const parts = wordDiff(before, after);
        expect(join(parts, ['equal', 'insert'])).toBe(after);
        expect(keys(join(parts, ['equal', 'delete']))).toEqual(keys(before));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a longest common subsequence of words equal: a shortest edit (property)', () => {
    fc.assert(
      fc.property(text, text, (before, after) => {
        const equalWords = wordDiff(before, after)
          .filter((p) => p.op === 'equal')
          .flatMap((p) => keys(p.text));
        expect(equalWords.length).toBe(lcsLength(keys(before), keys(after)));
      }),
      { numRuns: 300 },
    );
  });

  it('never leaves two neighbouring parts with the same operation, nor an empty part (property)', () => {
    fc.assert(
      fc.property(text, text, (before, after) => {
        const parts = wordDiff(before, after);
        parts.forEach((part, i) => {
          expect(part.text).not.toBe('');
          if (i > 0) expect(part.op).not.toBe(parts[i - 1]!.op);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('remembered, answers what wordDiff answers, for texts whose concatenations coincide too', () => {
    const remembered = rememberedWordDiff(200);
    const pairs: [string, string][] = [
      ['Salaries rise by 2%', 'Salaries rise by 4%'],
      ['ab', 'c'],
      ['a', 'bc'],
      ['', 'Article 24 text'],
      ['Article 24 text', ''],
    ];
    for (const round of [1, 2, 3]) for (const [before, after] of pairs) expect([round, remembered(before, after)]).toEqual([round, wordDiff(before, after)]);
    fc.assert(fc.property(fc.string(), fc.string(), (before, after) => expect(remembered(before, after)).toEqual(wordDiff(before, after))), { numRuns: 200 });
  });

  it('diffs long articles quickly', () => {
    const words = Array.from({ length: 5000 }, (_, i) => `w${i % 97}`);
    const before = words.join(' ');
    const after = words.map((w, i) => (i % 250 === 0 ? 'changed' : w)).join(' ');
    const started = Date.now();
    const parts = wordDiff(before, after);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(join(parts, ['equal', 'insert'])).toBe(after);
  });
});
