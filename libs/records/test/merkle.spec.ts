import { type StreamHead, inclusionProof, merkleRoot, verifyInclusion } from '#records';

const heads = (n: number): StreamHead[] => Array.from({ length: n }, (_, i) => ({ stream: `s-${String(i).padStart(2, '0')}`, revision: i, hash: String(i % 10).repeat(64) }));

describe('the checkpoint Merkle tree (RFC 6962 hashing)', () => {
  it.each([1, 2, 3, 4, 5, 7, 8, 9, 13])('proves every one of %i leaves, and no altered leaf or wrong index', (n) => {
    const leaves = heads(n);
    const root = merkleRoot(leaves);
    leaves.forEach((head, i) => {
      const proof = inclusionProof(leaves, i);
      expect(verifyInclusion(head, i, n, proof, root)).toBe(true);
      expect(verifyInclusion({ ...head, hash: 'f'.repeat(64) }, i, n, proof, root)).toBe(false);
      if (n > 1) expect(verifyInclusion(head, (i + 1) % n, n, proof, root)).toBe(false);
    });
  });

  it('changes its root when a head moves back', () => {
    const leaves = heads(5);
    expect(merkleRoot(leaves.map((h, i) => (i === 2 ? { ...h, revision: 1 } : h)))).not.toBe(merkleRoot(leaves));
  });
});
