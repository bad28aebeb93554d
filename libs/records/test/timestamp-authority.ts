import { createHash, webcrypto } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/*
 * A local RFC 3161 time-stamp authority for tests: an HTTP server on loopback that answers
 * TimeStampReqs with real TimeStampResps, signed (ECDSA P-256) by a TSA certificate issued by a test
 * root, both generated when the authority starts. How it answers can be switched while it runs.
 */

const { subtle } = webcrypto;
const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const CONTENT_TYPE = '1.2.840.113549.1.9.3';
const MESSAGE_DIGEST = '1.2.840.113549.1.9.4';

export type AuthorityMode = 'grant' | 'garbage' | 'huge' | 'reject' | 'http-error';

export interface TestAuthority {
  readonly url: string;
  /** The test root's certificate (PEM): the TSA certificate chains to it. */
  readonly rootPem: string;
  /** The TSA's own certificate (PEM), issued by the root. */
  readonly tsaPem: string;
  /** Another root's certificate (PEM), which the TSA does not chain to. */
  readonly otherRootPem: string;
  /** The TSA certificate's subject as the checker names it. */
  readonly name: string;
  mode: AuthorityMode;
  /** Requests answered so far. */
  requests: number;
  close(): Promise<void>;
}

const pem = (cert: pkijs.Certificate) => `-----BEGIN CERTIFICATE-----\n${Buffer.from(cert.toSchema().toBER(false)).toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`;

async function certificate(options: { cn: string; serial: number; publicKey: webcrypto.CryptoKey; issuer?: pkijs.Certificate; signingKey: webcrypto.CryptoKey; ca: boolean }): Promise<pkijs.Certificate> {
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ value: options.serial });
  cert.subject.typesAndValues.push(new pkijs.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1js.Utf8String({ value: options.cn }) }));
  cert.subject.typesAndValues.push(new pkijs.AttributeTypeAndValue({ type: '2.5.4.10', value: new asn1js.Utf8String({ value: 'Test Time Authority' }) }));
  cert.issuer = options.issuer ? options.issuer.subject : cert.subject;
  cert.notBefore.value = new Date(Date.now() - 86_400_000);
  cert.notAfter.value = new Date(Date.now() + 365 * 86_400_000);
  cert.extensions = options.ca
    ? [new pkijs.Extension({ extnID: '2.5.29.19', critical: true, extnValue: new pkijs.BasicConstraints({ cA: true }).toSchema().toBER(false) })]
    : [new pkijs.Extension({ extnID: pkijs.id_ExtKeyUsage, critical: true, extnValue: new pkijs.ExtKeyUsage({ keyPurposes: ['1.3.6.1.5.5.7.3.8'] }).toSchema().toBER(false) })];
  await cert.subjectPublicKeyInfo.importKey(options.publicKey);
  await cert.sign(options.signingKey, 'SHA-256');
  return cert;
}

/** A granted TimeStampResp over the request's imprint, with its nonce, at the authority's clock's time. */
async function grant(request: pkijs.TimeStampReq, serial: number, tsa: pkijs.Certificate, key: webcrypto.CryptoKey): Promise<ArrayBuffer> {
  const info = new pkijs.TSTInfo({
    version: 1,
    policy: '1.3.6.1.4.1.55555.1.1',
    messageImprint: request.messageImprint,
    serialNumber: new asn1js.Integer({ value: serial }),
    genTime: new Date(Math.floor(Date.now() / 1000) * 1000),
    accuracy: new pkijs.Accuracy({ seconds: 1 }),
    ...(request.nonce && { nonce: request.nonce }),
  });
  const content = info.toSchema().toBER(false);
  const signed = new pkijs.SignedData({
    version: 3,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: pkijs.id_eContentType_TSTInfo, eContent: new asn1js.OctetString({ valueHex: content }) }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: tsa.issuer, serialNumber: tsa.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({
          type: 0,
          attributes: [
            new pkijs.Attribute({ type: CONTENT_TYPE, values: [new asn1js.ObjectIdentifier({ value: pkijs.id_eContentType_TSTInfo })] }),
            new pkijs.Attribute({ type: MESSAGE_DIGEST, values: [new asn1js.OctetString({ valueHex: createHash('sha256').update(Buffer.from(content)).digest() })] }),
          ],
        }),
      }),
    ],
    ...(request.certReq && { certificates: [tsa] }),
  });
  // DER, as a TSA sends it: pkijs's constructor would split the content into a constructed (BER) OCTET STRING.
  signed.encapContentInfo.eContent = new asn1js.OctetString({ valueHex: content });
  await signed.sign(key, 0, 'SHA-256');
  const response = new pkijs.TimeStampResp({
    status: new pkijs.PKIStatusInfo({ status: pkijs.PKIStatus.granted }),
    timeStampToken: new pkijs.ContentInfo({ contentType: pkijs.ContentInfo.SIGNED_DATA, content: signed.toSchema(true) }),
  });
  return response.toSchema().toBER(false);
}

export async function startTestAuthority(): Promise<TestAuthority> {
  const [root, other, tsaKeys] = await Promise.all([0, 1, 2].map(() => subtle.generateKey(EC, true, ['sign', 'verify']) as Promise<webcrypto.CryptoKeyPair>)) as [webcrypto.CryptoKeyPair, webcrypto.CryptoKeyPair, webcrypto.CryptoKeyPair];
  const rootCert = await certificate({ cn: 'Test Root', serial: 1, publicKey: root.publicKey, signingKey: root.privateKey, ca: true });
  const otherCert = await certificate({ cn: 'Other Root', serial: 1, publicKey: other.publicKey, signingKey: other.privateKey, ca: true });
  const tsaCert = await certificate({ cn: 'Test TSA', serial: 2, publicKey: tsaKeys.publicKey, issuer: rootCert, signingKey: root.privateKey, ca: false });
  let serial = 100;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      authority.requests += 1;
      void (async () => {
        if (authority.mode === 'http-error') return res.writeHead(503).end('down for maintenance');
        if (authority.mode === 'huge') return res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(Buffer.alloc(2 << 20, 0x30));
        if (authority.mode === 'garbage') return res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end('<html>not a time-stamp</html>');
        if (req.headers['content-type'] !== 'application/timestamp-query') return res.writeHead(415).end();
        if (authority.mode === 'reject') {
          const refusal = new pkijs.TimeStampResp({ status: new pkijs.PKIStatusInfo({ status: pkijs.PKIStatus.rejection, statusStrings: [new asn1js.Utf8String({ value: 'unsupported algorithm' })] }) });
          return res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(Buffer.from(refusal.toSchema().toBER(false)));
        }
        const request = pkijs.TimeStampReq.fromBER(Buffer.concat(chunks));
        res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(Buffer.from(await grant(request, serial++, tsaCert, tsaKeys.privateKey)));
      })().catch((error: unknown) => res.writeHead(500).end(String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const authority: TestAuthority = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`,
    rootPem: pem(rootCert),
    tsaPem: pem(tsaCert),
    otherRootPem: pem(otherCert),
    name: 'CN=Test TSA, O=Test Time Authority',
    mode: 'grant',
    requests: 0,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
  return authority;
}

/** A loopback URL nothing listens on: a TSA that is down. */
export async function unreachableAuthorityUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/tsa`;
}
