import { createHash, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/*
 * RFC 3161 time-stamps of checkpoints. A time-stamp authority (TSA) signs the hash of a checkpoint's
 * signed tree head together with its own clock's time: a third party then vouches that the tree
 * head existed by that time, so a checkpoint cannot be made afterwards and dated back, even by
 * whoever holds the records office's signing key.
 */

const SHA256 = '2.16.840.1.101.3.4.2.1';
const SIGNED_DATA = '1.2.840.113549.1.7.2';
const TIME_STAMPING = '1.3.6.1.5.5.7.3.8';
/** Longer than any token a TSA sends (a few KB with its certificates): an answer larger is not read. */
const MAX_RESPONSE_BYTES = 1 << 20;

/** A token a TSA gave for a checkpoint's tree head. */
export interface CheckpointTimestamp {
  /** The TSA's URL the token was asked of. */
  readonly authority: string;
  /** The TimeStampToken (CMS ContentInfo with SignedData over a TSTInfo), DER, base64: what is checked. */
  readonly token: string;
  /** The TSA's time (TSTInfo genTime) and signing certificate's subject, as read from the token when it was checked; for people. */
  readonly genTime: string;
  readonly tsa: string;
}

/** A TSA that could not give a token for a checkpoint: the checkpoint was taken without one. */
export interface CheckpointTimestampFailure {
  readonly authority: string;
  /** One line: what went wrong (unreachable, refused, an answer that does not check). */
  readonly reason: string;
}

/** A token that checks: the tree head it covers existed at `genTime`, by the word of `tsa`. */
export interface CheckedTimestamp {
  readonly genTime: Date;
  readonly tsa: string;
}

/** Why a token does not check, in one line. */
export class TimestampInvalid extends Error {
  constructor(
    message: string,
    /** `untrusted`: the token verifies, but not with a certificate chaining to the trusted ones. */
    readonly kind: 'invalid' | 'untrusted' = 'invalid',
  ) {
    super(message);
    this.name = 'TimestampInvalid';
  }
}

const NAMES: Record<string, string> = { '2.5.4.3': 'CN', '2.5.4.6': 'C', '2.5.4.7': 'L', '2.5.4.8': 'ST', '2.5.4.10': 'O', '2.5.4.11': 'OU', '2.5.4.5': 'serialNumber' };

/** A distinguished name as people read it: `CN=…, O=…, C=…`. */
function distinguishedName(name: pkijs.RelativeDistinguishedNames): string {
  return name.typesAndValues.map((tv) => `${NAMES[tv.type] ?? tv.type}=${String((tv.value.valueBlock as { value?: unknown }).value ?? '')}`).join(', ');
}

/** Certificates from PEM text (one or more `-----BEGIN CERTIFICATE-----` blocks). */
export function certificatesFromPem(pem: string, what = 'certificate file'): pkijs.Certificate[] {
  const blocks = [...pem.matchAll(/-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/g)];
  if (blocks.length === 0) throw new Error(`${what} holds no PEM certificate`);
  return blocks.map((block) => pkijs.Certificate.fromBER(Buffer.from(block[1]!.replace(/\s+/g, ''), 'base64')));
}

const view = (bytes: Uint8Array) => new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const equal = (a: Uint8Array, b: Uint8Array) => Buffer.from(view(a)).equals(Buffer.from(view(b)));

/**
 * Checks a TimeStampToken over `data`: a CMS SignedData whose content is a TSTInfo with a SHA-256
 * message imprint of exactly `data`, signed (over its signed attributes) by a certificate the token
 * carries, which is a time-stamping certificate; with `trusted`, that certificate must chain to one of
 * them. `nonce`, when given, must be the token's. Throws TimestampInvalid naming what does not hold.
 */
export async function checkTimestampToken(token: Uint8Array, data: Uint8Array, options: { trusted?: readonly pkijs.Certificate[]; nonce?: Uint8Array } = {}): Promise<CheckedTimestamp> {
  let signed: pkijs.SignedData;
  let info: pkijs.TSTInfo;
  try {
    const content = pkijs.ContentInfo.fromBER(view(token));
    if (content.contentType !== SIGNED_DATA) throw new Error('it is not CMS signed data');
    signed = new pkijs.SignedData({ schema: content.content });
    if (signed.encapContentInfo.eContentType !== pkijs.id_eContentType_TSTInfo || !signed.encapContentInfo.eContent) throw new Error('it does not carry a TSTInfo');
    info = pkijs.TSTInfo.fromBER(signed.encapContentInfo.eContent.getValue());
  } catch (error) {
    throw new TimestampInvalid(`the time-stamp token cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (info.messageImprint.hashAlgorithm.algorithmId !== SHA256) throw new TimestampInvalid(`the time-stamp token's message imprint is not SHA-256 (${info.messageImprint.hashAlgorithm.algorithmId})`);
  if (!equal(info.messageImprint.hashedMessage.valueBlock.valueHexView, createHash('sha256').update(data).digest())) throw new TimestampInvalid("the time-stamp token covers another tree head: its message imprint is not the hash of this checkpoint's tree head");
  if (options.nonce && (!info.nonce || !equal(info.nonce.valueBlock.valueHexView, options.nonce))) throw new TimestampInvalid('the time-stamp token does not carry the nonce of the request');
  const signer = signed.signerInfos[0];
  if (signed.signerInfos.length !== 1 || !signer?.signedAttrs) throw new TimestampInvalid('the time-stamp token does not have exactly one signer with signed attributes');
  const verify = async (trusted: readonly pkijs.Certificate[]) => {
    try {
      return await signed.verify({ signer: 0, data: Uint8Array.from(data).buffer, checkChain: trusted.length > 0, trustedCerts: [...trusted], extendedMode: true });
    } catch (error) {
      const failure = error as pkijs.SignedDataVerifyError;
      if (failure.code === 5) throw new TimestampInvalid("the time-stamp token's signing certificate does not chain to a trusted TSA certificate", 'untrusted');
      throw new TimestampInvalid(`the time-stamp token does not verify: ${failure.message ?? String(error)}`);
    }
  };
  const result = await verify([]);
  const certificate = result.signerCertificate;
  if (!result.signatureVerified || !certificate) throw new TimestampInvalid("the time-stamp token's signature does not verify: the token was altered, or not signed by the certificate it carries");
  const usage = certificate.extensions?.find((extension) => extension.extnID === pkijs.id_ExtKeyUsage)?.parsedValue as pkijs.ExtKeyUsage | undefined;
  if (!usage?.keyPurposes.includes(TIME_STAMPING)) throw new TimestampInvalid("the time-stamp token's signing certificate is not a time-stamping certificate (extended key usage id-kp-timeStamping)");
  // A trusted certificate is a root the TSA's certificate chains to, or the TSA's certificate itself.
  const trusted = options.trusted ?? [];
  const der = (cert: pkijs.Certificate) => Buffer.from(cert.toSchema().toBER(false));
  if (trusted.length > 0 && !trusted.some((cert) => der(cert).equals(der(certificate)))) await verify(trusted);
  return { genTime: info.genTime, tsa: distinguishedName(certificate.subject) };
}

/**
 * Asks the TSA at `authority` for a token over `data` (RFC 3161 §3.4: a TimeStampReq with the
 * SHA-256 imprint of `data`, a fresh nonce and certReq, POSTed as application/timestamp-query),
 * and checks the answer: granted, and a token that checkTimestampToken accepts with that nonce.
 * Throws an Error whose message says in one line why no token was had.
 */
export async function requestTimestamp(authority: string, data: Uint8Array, options: { trusted?: readonly pkijs.Certificate[]; timeoutMs?: number } = {}): Promise<CheckpointTimestamp> {
  const nonce = randomBytes(8);
  // A positive INTEGER in minimal DER: the first byte below 0x80 and not zero.
  nonce[0] = (nonce[0]! & 0x7f) | 0x01;
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({ hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: SHA256 }), hashedMessage: new asn1js.OctetString({ valueHex: createHash('sha256').update(data).digest() }) }),
    nonce: new asn1js.Integer({ valueHex: nonce }),
    certReq: true,
  });
  let answer: Response;
  try {
    answer = await fetch(authority, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query', accept: 'application/timestamp-reply' },
      body: Buffer.from(request.toSchema().toBER(false)),
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(`the time-stamp authority ${authority} cannot be reached: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
  }
  if (!answer.ok) throw new Error(`the time-stamp authority ${authority} answered HTTP ${answer.status}`);
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    for await (const chunk of answer.body ?? []) {
      length += chunk.byteLength;
      if (length > MAX_RESPONSE_BYTES) throw new Error(`it sent more than ${MAX_RESPONSE_BYTES} bytes, more than a time-stamp response`);
      chunks.push(chunk);
    }
  } catch (error) {
    await answer.body?.cancel().catch(() => undefined);
    throw new Error(`the time-stamp authority ${authority} did not answer in full: ${(error as Error).message}`);
  }
  const bytes = new Uint8Array(Buffer.concat(chunks));
  let response: pkijs.TimeStampResp;
  let token: Uint8Array;
  try {
    const parsed = asn1js.fromBER(bytes);
    if (parsed.offset === -1 || parsed.offset !== bytes.byteLength) throw new Error('not one DER value');
    response = new pkijs.TimeStampResp({ schema: parsed.result });
    // The token as the TSA sent it, byte for byte: what its signature was made over is kept exactly.
    token = new Uint8Array((parsed.result as asn1js.Sequence).valueBlock.value[1]?.valueBeforeDecodeView ?? []);
  } catch (error) {
    throw new Error(`the time-stamp authority ${authority} did not answer with a time-stamp response: ${error instanceof Error ? error.message : String(error)}`);
  }
  const status = response.status.status;
  if (status !== pkijs.PKIStatus.granted && status !== pkijs.PKIStatus.grantedWithMods) {
    const text = response.status.statusStrings?.map((s) => s.valueBlock.value).join('; ');
    throw new Error(`the time-stamp authority ${authority} refused the request (status ${status}${text ? `: ${text}` : ''})`);
  }
  if (token.byteLength === 0) throw new Error(`the time-stamp authority ${authority} granted the request but sent no token`);
  let checked: CheckedTimestamp;
  try {
    checked = await checkTimestampToken(token, data, { ...(options.trusted && { trusted: options.trusted }), nonce });
  } catch (error) {
    throw new Error(`the time-stamp authority ${authority} sent a token that does not check: ${(error as Error).message}`);
  }
  return { authority, token: Buffer.from(token).toString('base64'), genTime: checked.genTime.toISOString(), tsa: checked.tsa };
}
