import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { canonicalJson } from '#bundle-verifier';

const rfc8785 = canonicalize as unknown as (value: unknown) => string | undefined;

describe('canonicalJson (RFC 8785)', () => {
  it('writes what the RFC 8785 canonicalizer writes for any JSON value, keys in any order, index-like keys included', () => {
    const key = fc.oneof(fc.string(), fc.constantFrom('0', '1', '10', '9', 'eventId', 'a', 'B', '\u00e9', '\ud83d\ude00'));
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.boolean(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.string({ unit: 'binary' }), tie('array'), tie('object')),
      array: fc.array(tie('value'), { maxLength: 5 }),
      object: fc.dictionary(key, tie('value'), { maxKeys: 6 }),
    })).value;
    fc.assert(fc.property(json, (value) => canonicalJson(value) === rfc8785(value)), { numRuns: 2000 });
  });

  it('refuses numbers JSON cannot carry', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow();
    expect(() => canonicalJson([Number.POSITIVE_INFINITY])).toThrow();
  });
});
