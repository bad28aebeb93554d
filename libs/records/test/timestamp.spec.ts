import { createHash } from 'node:crypto';
import { certificatesFromPem, checkTimestampToken, requestTimestamp } from '../src/checkpoint/timestamp.js';
import { type TestAuthority, startTestAuthority } from './timestamp-authority.js';

describe('RFC 3161 time-stamps', () => {
  let tsa: TestAuthority;
  const data = Buffer.from('{"format":"lrr-checkpoint/2","merkleRoot":"ab"}');

  beforeAll(async () => {
    tsa = await startTestAuthority();
  });
  afterAll(() => tsa?.close());

  it('asks with a SHA-256 imprint and a nonce, and checks the token: over exactly these bytes, signed, chaining to the trusted root or the TSA certificate itself', async () => {
    const stamp = await requestTimestamp(tsa.url, data, { trusted: certificatesFromPem(tsa.rootPem) });
    expect(stamp).toMatchObject({ authority: tsa.url, tsa: tsa.name });
    const token = Buffer.from(stamp.token, 'base64');
    const checked = await checkTimestampToken(token, data);
    expect(checked.genTime.toISOString()).toBe(stamp.genTime);
    await expect(checkTimestampToken(token, data, { trusted: certificatesFromPem(tsa.tsaPem) })).resolves.toEqual(checked);
    await expect(checkTimestampToken(token, data, { trusted: certificatesFromPem(tsa.otherRootPem) })).rejects.toMatchObject({ kind: 'untrusted' });
    await expect(checkTimestampToken(token, Buffer.concat([data, Buffer.from(' ')]))).rejects.toThrow(/covers another tree head/);
    await expect(checkTimestampToken(token, data, { nonce: createHash('sha256').update('x').digest().subarray(0, 8) })).rejects.toThrow(/nonce/);
  });

  it('refuses an answer that is not a granted, checking response, saying why in one line', async () => {
    await expect(requestTimestamp(tsa.url, data, { trusted: certificatesFromPem(tsa.otherRootPem) })).rejects.toThrow(/sent a token that does not check: .*does not chain to a trusted TSA certificate$/);
    tsa.mode = 'reject';
    await expect(requestTimestamp(tsa.url, data)).rejects.toThrow(`the time-stamp authority ${tsa.url} refused the request (status 2: unsupported algorithm)`);
    tsa.mode = 'garbage';
    await expect(requestTimestamp(tsa.url, data)).rejects.toThrow(/did not answer with a time-stamp response/);
    tsa.mode = 'huge';
    await expect(requestTimestamp(tsa.url, data)).rejects.toThrow(`the time-stamp authority ${tsa.url} did not answer in full: it sent more than 1048576 bytes, more than a time-stamp response`);
    tsa.mode = 'grant';
  });
});
