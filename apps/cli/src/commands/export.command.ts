import { mkdir, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { isBargainingId } from '#bargaining';
import { type AppConfig, loadConfig } from '#config';
import { openStores } from '#event-store';
import { ROLES, type Role } from '#kernel';
import {
  type Bundle,
  BundleSigningKeyUnusable,
  buildAuditBundle,
  buildPublicRecordsBundle,
  collectNegotiationStreams,
  defaultContentProvider,
  loadBundleSigner,
  renderBundlePdf,
} from '#records';
import { UsageError } from '../usage-error.js';

export interface ExportRequest {
  readonly negotiationId: string;
  readonly out: string;
  readonly public: boolean;
  readonly by: string;
  readonly role: Role;
}

export interface ExportResult {
  readonly bundle: Bundle;
  readonly jsonPath: string;
  readonly pdfPath: string;
  readonly publicKeyPath: string | null;
}

function operator(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli:operator';
  }
}

/**
 * Exports one negotiation from the configured stores: `<out>/<bundleId>.json` and `.pdf`, signed with
 * the bundle-signing key (SIGNING_KEY_FILE, or the one generated into the data directory).
 */
export async function exportNegotiation(request: ExportRequest, config: AppConfig = loadConfig(), now: string = new Date().toISOString()): Promise<ExportResult> {
  if (!isBargainingId(request.negotiationId)) throw new UsageError(`export: a negotiation id is a UUID or [A-Za-z0-9_]+, got ${JSON.stringify(request.negotiationId)}`);
  let signer;
  try {
    signer = await loadBundleSigner({ ...(config.signingKeyFile !== undefined && { signingKeyFile: config.signingKeyFile }), dataDir: config.storage.dataDir });
  } catch (error) {
    if (error instanceof BundleSigningKeyUnusable) throw new UsageError(`export: ${error.message}`);
    throw error;
  }
  const stores = await openStores(config.storage);
  let streams;
  try {
    streams = await collectNegotiationStreams(stores.events, request.negotiationId);
  } finally {
    await stores.close();
  }
  if ((streams.streams.get(streams.negotiationStream) ?? []).length === 0) throw new UsageError(`export: no negotiation ${request.negotiationId} in the record (stream ${streams.negotiationStream} is empty)`);

  const input = {
    streams: streams.streams,
    negotiationId: request.negotiationId,
    actor: { subject: request.by, role: request.role },
    now,
    signer,
    content: defaultContentProvider({ lateEntryDays: config.lateEntryDays }),
  };
  const bundle = request.public ? await buildPublicRecordsBundle(input) : await buildAuditBundle(input);
  const pdf = await renderBundlePdf(bundle);

  const dir = resolve(request.out);
  await mkdir(dir, { recursive: true });
  // An audit file holds confidential and privileged records: readable by its owner only.
  const mode = request.public ? 0o644 : 0o600;
  const jsonPath = join(dir, `${bundle.manifest.bundleId}.json`);
  const pdfPath = join(dir, `${bundle.manifest.bundleId}.pdf`);
  await writeFile(jsonPath, `${JSON.stringify(bundle, null, 2)}\n`, { mode });
  await writeFile(pdfPath, pdf, { mode });
  return { bundle, jsonPath, pdfPath, publicKeyPath: signer.publicKeyPath };
}

interface ExportOptions {
  readonly out: string;
  readonly public?: boolean;
  readonly by: string;
  readonly role: Role;
}

/** `export <negotiationId> --out <dir> [--public] [--by <subject>] [--role <role>]`. */
export function registerExportCommand(program: Command): void {
  program
    .command('export <negotiationId>')
    .description("export a negotiation's audit-ready file (or with --public its public-records export) as a signed <bundleId>.json and a .pdf")
    .requiredOption('--out <dir>', 'directory to write into (created if absent)')
    .option('--public', 'public records only, with a withheld log by category and basis')
    .option('--by <subject>', 'who generates the file, recorded in the signed manifest', operator())
    .addOption(new Option('--role <role>', 'role whose clearance the audit file follows').choices(ROLES).default('records-officer'))
    .action(async (negotiationId: string, options: ExportOptions) => {
      const result = await exportNegotiation({ negotiationId, out: options.out, public: options.public ?? false, by: options.by, role: options.role });
      const m = result.bundle.manifest;
      const events = m.streams.reduce((n, s) => n + s.events, 0);
      const withheld = m.streams.reduce((n, s) => n + s.withheld, 0);
      process.stdout.write(
        [
          `${m.kind === 'public-records' ? 'public-records export' : 'audit file'} ${m.bundleId}: ${events} events in ${m.streams.length} stream(s), ${withheld} withheld, ${Object.keys(m.sections).length} sections`,
          `  ${result.jsonPath}`,
          `  ${result.pdfPath}`,
          `signed by key ${m.signature.keyId}${result.publicKeyPath ? ` (public key: ${result.publicKeyPath})` : ''}`,
          `verify with: npm run cli -- verify ${result.jsonPath}${result.publicKeyPath ? ` --trusted-key ${result.publicKeyPath}` : ' --trusted-key <public key PEM>'}`,
          '',
        ].join('\n'),
      );
    });
}
