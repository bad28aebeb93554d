import { type KeyObject, createPrivateKey, createPublicKey, sign as edSign, verify as edVerify } from 'node:crypto';
import { BundleKeyInvalid } from '#bundle-verifier';
import { sha256Hex } from './canonical.js';

export { BundleKeyInvalid };

/** Signs a bundle manifest. An HSM or KMS can stand behind `sign`; the key stays there. */
export interface BundleSigner {
  /** SPKI PEM of the public key. */
  readonly publicKeyPem: string;
  /** `sha256:<hex>` of the public key's SPKI DER. */
  readonly keyId: string;
  sign(data: Uint8Array): Uint8Array | Promise<Uint8Array>;
}

/** The fingerprint that names a key: `sha256:` + hex SHA-256 of its SPKI DER. */
export function keyFingerprint(publicKey: KeyObject): string {
  return `sha256:${sha256Hex(publicKey.export({ type: 'spki', format: 'der' }))}`;
}

/**
 * An Ed25519 public key from PEM text: an SPKI public key, or a PKCS#8 private key (its public
 * half is taken). Throws BundleKeyInvalid for anything else.
 */
export function ed25519PublicKey(key: string | KeyObject, what = 'key'): KeyObject {
  let publicKey: KeyObject;
  try {
    if (typeof key !== 'string') publicKey = key.type === 'private' ? createPublicKey(key) : key;
    else if (/-----BEGIN (ENCRYPTED )?PRIVATE KEY-----/.test(key)) publicKey = createPublicKey(createPrivateKey(key));
    else publicKey = createPublicKey(key);
  } catch (error) {
    throw new BundleKeyInvalid(`${what} is not a PEM public or private key (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
  }
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new BundleKeyInvalid(`${what} is a ${publicKey.asymmetricKeyType ?? 'symmetric'} key, not Ed25519`);
  return publicKey;
}

export function publicKeyPem(publicKey: KeyObject): string {
  return publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

/** A signer over an Ed25519 private key held in this process. */
export function signerFromPrivateKey(key: string | KeyObject, what = 'bundle signing key'): BundleSigner {
  let privateKey: KeyObject;
  try {
    privateKey = typeof key === 'string' ? createPrivateKey(key) : key;
  } catch (error) {
    throw new BundleKeyInvalid(`${what} is not a PKCS#8 PEM private key (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
  }
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') {
    throw new BundleKeyInvalid(`${what} must be an Ed25519 private key, got ${privateKey.type} ${privateKey.asymmetricKeyType ?? ''}`.trim());
  }
  const publicKey = createPublicKey(privateKey);
  return {
    publicKeyPem: publicKeyPem(publicKey),
    keyId: keyFingerprint(publicKey),
    sign: (data) => edSign(null, data, privateKey),
  };
}

export function verifyEd25519(publicKey: KeyObject, data: Uint8Array, signature: Uint8Array): boolean {
  try {
    return edVerify(null, data, publicKey, signature);
  } catch {
    return false;
  }
}
