import { isFresh, weakEtag } from './etag.js';

describe('weakEtag', () => {
  it('is W/"<byte length in hex>-<base64 SHA-1, 27 characters>", the tag the API has always sent', () => {
    expect(weakEtag('')).toBe('W/"0-2jmj7l5rSw0yVb/vlWAYkK/YBwk"');
    expect(weakEtag('{"status":"ok"}')).toBe('W/"f-VaSQ4oDUiZblZNAEkkN+sX+q3Sg"');
    expect(weakEtag('é ünïcödé')).toBe('W/"e-248jE7ovCMimEiXWXxoie2AfPYs"');
    expect(weakEtag(Buffer.from('é ünïcödé'))).toBe(weakEtag('é ünïcödé'));
    expect(weakEtag(Buffer.from([0, 1, 2, 255]))).toBe('W/"4-xiwnkk9Mln9e3bGFDAkdVMeiq1g"');
  });
});

describe('isFresh', () => {
  const etag = 'W/"f-VaSQ4oDUiZblZNAEkkN+sX+q3Sg"';

  it('is never fresh for an unconditional request or one that asks for no cache', () => {
    expect(isFresh({}, { etag })).toBe(false);
    expect(isFresh({ 'if-none-match': etag, 'cache-control': 'max-age=0, no-cache' }, { etag })).toBe(false);
  });

  it('matches If-None-Match against the tag, weakly, in a list, or *', () => {
    expect(isFresh({ 'if-none-match': etag }, { etag })).toBe(true);
    expect(isFresh({ 'if-none-match': '"f-VaSQ4oDUiZblZNAEkkN+sX+q3Sg"' }, { etag })).toBe(true);
    expect(isFresh({ 'if-none-match': `"other", ${etag}` }, { etag })).toBe(true);
    expect(isFresh({ 'if-none-match': '*' }, {})).toBe(true);
    expect(isFresh({ 'if-none-match': '"other"' }, { etag })).toBe(false);
    expect(isFresh({ 'if-none-match': etag }, {})).toBe(false);
  });

  it('takes If-Modified-Since only without If-None-Match, and only against a Last-Modified', () => {
    const lastModified = 'Sat, 28 Nov 2026 05:43:02 GMT';
    expect(isFresh({ 'if-modified-since': lastModified }, { lastModified })).toBe(true);
    expect(isFresh({ 'if-modified-since': 'Fri, 27 Nov 2026 05:43:02 GMT' }, { lastModified })).toBe(false);
    expect(isFresh({ 'if-modified-since': lastModified }, { etag })).toBe(false);
  });
});
