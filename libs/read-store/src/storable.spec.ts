import fc from 'fast-check';
import { columnValue, originalText, storableText } from './storable.js';

describe('text as the read store keeps it', () => {
  it('escapes U+0000, lone surrogates and U+FFFF, and nothing else', () => {
    expect(storableText('Bayview certificated unit')).toBe('Bayview certificated unit');
    expect(storableText('emoji 😀 and ü stay')).toBe('emoji 😀 and ü stay');
    expect(storableText('a\u0000b')).toBe('a\uffff0000b');
    expect(storableText('x\ud800')).toBe('x\uffffd800');
    expect(storableText('\udc00y')).toBe('\uffffdc00y');
    expect(storableText('\uffff')).toBe('\uffffffff');
  });

  it('gives back exactly what it was given, and never the same text for two different strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        expect(originalText(storableText(a))).toBe(a);
        if (a !== b) expect(storableText(a)).not.toBe(storableText(b));
        expect(storableText(a)).not.toMatch(/\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('a declared column value', () => {
  it('is what its SQL type can hold, or NULL', () => {
    expect(columnValue('date', '2025-02-28')).toBe('2025-02-28');
    expect(columnValue('date', '2025-02-30')).toBeNull();
    expect(columnValue('date', '0000-01-01')).toBeNull();
    expect(columnValue('date', 'soon')).toBeNull();
    expect(columnValue('timestamptz', '2025-02-28T10:00:00.000Z')).toBe('2025-02-28T10:00:00.000Z');
    expect(columnValue('timestamptz', '2025-02-30T10:00:00Z')).toBeNull();
    expect(columnValue('timestamptz', '2025-02-28T24:00:00Z')).toBeNull();
    expect(columnValue('integer', 12)).toBe(12);
    expect(columnValue('integer', 2 ** 40)).toBeNull();
    expect(columnValue('integer', '12')).toBeNull();
    expect(columnValue('bigint', 2 ** 40)).toBe(String(2 ** 40));
    expect(columnValue('boolean', 'yes')).toBeNull();
    expect(columnValue('text', 'a\u0000')).toBe('a\uffff0000');
    expect(JSON.parse(columnValue('jsonb', { 'k\u0000': ['\ud800'] }) as string)).toEqual({ 'k\uffff0000': ['\uffffd800'] });
    expect(columnValue('text', undefined)).toBeNull();
  });
});
