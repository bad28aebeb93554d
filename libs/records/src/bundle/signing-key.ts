import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { chmod, link, mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type BundleSigner, BundleKeyInvalid, signerFromPrivateKey } from './signing.js';

/** The bundle-signing key cannot be used as it stands; the message says what to do. One line. */
export class BundleSigningKeyUnusable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BundleSigningKeyUnusable';
  }
}

export function bundleSigningKeyPath(dataDir: string): string {
  return join(dataDir, 'keys', 'bundle-signing-key.pem');
}

export function bundleSigningPublicKeyPath(dataDir: string): string {
  return join(dataDir, 'keys', 'bundle-signing-key.pub.pem');
}

export interface LoadedBundleSigner extends BundleSigner {
  /** `configured`: SIGNING_KEY_FILE; `generated`: the embedded key in the data directory. */
  readonly source: 'configured' | 'generated';
  readonly privateKeyPath: string;
  /** Where the public key can be picked up to hand to verifiers (`--trusted-key`); null for a configured key. */
  readonly publicKeyPath: string | null;
}

/**
 * The key that signs exported bundles: the configured PKCS#8 PEM (production, SIGNING_KEY_FILE), or
 * the embedded run's key in `<dataDir>/keys/bundle-signing-key.pem`, generated on first use. It is a
 * different key from the one that signs development tokens: a bundle key is handed out (as its public
 * half) to anyone who verifies a file, and must outlive token-key rotations.
 */
export async function loadBundleSigner(settings: { readonly signingKeyFile?: string; readonly dataDir: string }): Promise<LoadedBundleSigner> {
  if (settings.signingKeyFile !== undefined) {
    const signer = await readPrivateKey(settings.signingKeyFile, 'SIGNING_KEY_FILE');
    if (signer === null) throw new BundleSigningKeyUnusable(`SIGNING_KEY_FILE ${settings.signingKeyFile} does not exist`);
    return { ...signer, source: 'configured', privateKeyPath: settings.signingKeyFile, publicKeyPath: null };
  }
  return loadOrCreateBundleSigningKey(settings.dataDir);
}

/**
 * Reads `<dataDir>/keys/bundle-signing-key.pem` or generates it. The API and the CLI may both get
 * here first, so the file is written aside (mode 0600) and linked into place, which fails instead of
 * overwriting when the other one won; both then use the winner. The public key is written beside it.
 */
export async function loadOrCreateBundleSigningKey(dataDir: string): Promise<LoadedBundleSigner> {
  const path = bundleSigningKeyPath(dataDir);
  let signer = await readPrivateKey(path, 'bundle signing key');
  if (signer === null) {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const aside = `${path}.${process.pid}.${randomUUID()}.tmp`;
    await writeFile(aside, pem, { mode: 0o600, flag: 'wx' });
    try {
      await link(aside, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      await unlink(aside);
    }
    signer = await readPrivateKey(path, 'bundle signing key');
    if (signer === null) throw new BundleSigningKeyUnusable(`bundle signing key ${path} vanished while it was being created`);
  }
  const publicKeyPath = bundleSigningPublicKeyPath(dataDir);
  await writePublicKey(publicKeyPath, signer.publicKeyPem);
  return { ...signer, source: 'generated', privateKeyPath: path, publicKeyPath };
}

async function readPrivateKey(path: string, what: string): Promise<BundleSigner | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new BundleSigningKeyUnusable(`${what} ${path} cannot be read: ${(error as Error).message}`);
  }
  // A private key others can read is a key anyone on the machine can sign bundles with.
  if (process.platform !== 'win32' && ((await stat(path)).mode & 0o077) !== 0) {
    throw new BundleSigningKeyUnusable(`${what} ${path} is readable by other users; run: chmod 600 ${path}`);
  }
  try {
    return signerFromPrivateKey(text, `${what} ${path}`);
  } catch (error) {
    if (error instanceof BundleKeyInvalid) throw new BundleSigningKeyUnusable(error.message);
    throw error;
  }
}

/** Keeps `<name>.pub.pem` equal to the key's public half (replaced atomically when it is not). */
async function writePublicKey(path: string, pem: string): Promise<void> {
  const current = await readFile(path, 'utf8').catch(() => null);
  if (current === pem) return;
  const aside = `${path}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(aside, pem, { mode: 0o644, flag: 'wx' });
  await chmod(aside, 0o644);
  await rename(aside, path);
}
