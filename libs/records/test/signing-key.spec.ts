import { generateKeyPairSync } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BundleSigningKeyUnusable,
  buildAuditBundle,
  bundleSigningKeyPath,
  bundleSigningPublicKeyPath,
  keyFingerprint,
  ed25519PublicKey,
  loadBundleSigner,
  verifyBundle,
} from '#records';
import { GENERATED_AT, NEGOTIATION_ID, RECORDS_OFFICER, bayviewInMemory } from './fixtures.js';

describe('the bundle-signing key', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'lrr-keys-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is generated into <DATA_DIR>/keys with mode 0600, its public key beside it, and reused afterwards', async () => {
    const first = await loadBundleSigner({ dataDir });
    expect(first).toMatchObject({ source: 'generated', privateKeyPath: bundleSigningKeyPath(dataDir), publicKeyPath: bundleSigningPublicKeyPath(dataDir) });
    expect(first.privateKeyPath).toBe(join(dataDir, 'keys', 'bundle-signing-key.pem'));
    expect((await stat(first.privateKeyPath)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dataDir, 'keys'))).mode & 0o777).toBe(0o700);
    expect(await readFile(first.privateKeyPath, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const publicPem = await readFile(first.publicKeyPath!, 'utf8');
    expect(publicPem).toBe(first.publicKeyPem);
    expect(keyFingerprint(ed25519PublicKey(publicPem))).toBe(first.keyId);
    expect(first.keyId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect((await loadBundleSigner({ dataDir })).keyId).toBe(first.keyId);
  });

  it('is created once when several processes race for it', async () => {
    const signers = await Promise.all(Array.from({ length: 6 }, () => loadBundleSigner({ dataDir })));
    expect(new Set(signers.map((s) => s.keyId)).size).toBe(1);
  });

  it('refuses a key file other users can read', async () => {
    const { privateKeyPath } = await loadBundleSigner({ dataDir });
    await chmod(privateKeyPath, 0o640);
    await expect(loadBundleSigner({ dataDir })).rejects.toThrow(new BundleSigningKeyUnusable(`bundle signing key ${privateKeyPath} is readable by other users; run: chmod 600 ${privateKeyPath}`));
  });

  it('uses the configured PKCS#8 key (SIGNING_KEY_FILE) and refuses a missing or non-Ed25519 one', async () => {
    const file = join(dataDir, 'production.pem');
    await writeFile(file, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    const signer = await loadBundleSigner({ signingKeyFile: file, dataDir });
    expect(signer).toMatchObject({ source: 'configured', privateKeyPath: file, publicKeyPath: null });

    await expect(loadBundleSigner({ signingKeyFile: join(dataDir, 'absent.pem'), dataDir })).rejects.toThrow(BundleSigningKeyUnusable);
    const rsa = join(dataDir, 'rsa.pem');
    await writeFile(rsa, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    await expect(loadBundleSigner({ signingKeyFile: rsa, dataDir })).rejects.toThrow(/must be an Ed25519 private key/);
  });

  it('signs bundles that verify against its published public key', async () => {
    const signer = await loadBundleSigner({ dataDir });
    const bundle = await buildAuditBundle({ streams: await bayviewInMemory(), negotiationId: NEGOTIATION_ID, actor: RECORDS_OFFICER, now: GENERATED_AT, signer });
    const published = await readFile(signer.publicKeyPath!, 'utf8');
    expect(await verifyBundle(bundle, { trustedKeys: [published] })).toMatchObject({ intact: true, signature: { trusted: true, fingerprint: signer.keyId } });
  });
});
