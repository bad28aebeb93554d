import { createHash } from 'node:crypto';
import { sha256 } from '#bundle-verifier';
import { type StreamHead, inclusionProof, merkleRoot, verifyInclusion } from '#records';

const heads = (n: number): StreamHead[] => Array.from({ length: n }, (_, i) => ({ stream: `s-${String(i).padStart(2, '0')}`, revision: i, hash: String(i % 10).repeat(64) }));

// The producer (libs/records, node:crypto) and the verifiers' check (libs/bundle-verifier), on WebCrypto and on node:crypto's SHA-256.
describe.each([
  ['WebCrypto', undefined],
  ['node:crypto', sha256((parts) => parts.reduce((hash, part) => hash.update(part), createHash('sha256')).digest('hex'))],
])('the checkpoint Merkle tree (RFC 6962 hashing), checked with %s', (_name, hash) => {
  it.each([1, 2, 3, 4, 5, 7, 8, 9, 13])('proves every one of %i leaves, and no altered leaf or wrong index', async (n) => {
    const leaves = heads(n);
    const root = merkleRoot(leaves);
    for (const [i, head] of leaves.entries()) {
      const proof = inclusionProof(leaves, i);
      expect(await verifyInclusion(head, i, n, proof, root, hash)).toBe(true);
      expect(await verifyInclusion({ ...head, hash: 'f'.repeat(64) }, i, n, proof, root, hash)).toBe(false);
      if (n > 1) expect(await verifyInclusion(head, (i + 1) % n, n, proof, root, hash)).toBe(false);
      if (proof.length > 0) expect(await verifyInclusion(head, i, n, proof.slice(1), root, hash)).toBe(false);
    }
  });
});

describe('the checkpoint Merkle root', () => {
  it('changes when a head moves back', () => {
    const leaves = heads(5);
    expect(merkleRoot(leaves.map((h, i) => (i === 2 ? { ...h, revision: 1 } : h)))).not.toBe(merkleRoot(leaves));
  });
});
