import { mkdir, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { AccessErrorCode } from '#access';
import { mintDevelopmentToken } from '#auth';
import { isBargainingId } from '#bargaining';
import { type AppConfig, loadConfig } from '#config';
import { openStores } from '#event-store';
import { type Actor, DomainError, ROLES, type Role } from '#kernel';
import { announcedApiEndpoint, type Clock, systemClock } from '#platform';
import {
  AUDIT_FILE_RESOURCE,
  type Bundle,
  type BundleKind,
  BundleSigningKeyUnusable,
  NegotiationExports,
  PUBLIC_RECORDS_FILE_RESOURCE,
  bundleJsonChunks,
  bundleSigningPublicKeyPath,
  STANDALONE_VERIFIER_FILES,
  recordsOptions,
  renderBundlePdf,
  standaloneVerifiers,
} from '#records';
import { DataDirectoryLocked } from '#sql';
import { UsageError } from '../usage-error.js';

/** The access log's resource for an export made by the CLI on its own store. */
export const CLI_EXPORT_RESOURCE = 'cli export <negotiationId>';

export interface ExportRequest {
  readonly negotiationId: string;
  readonly out: string;
  readonly public: boolean;
  readonly by: string;
  readonly role: Role;
  /** Why the file is made (the access log records it); privileged records are disclosed only with one. */
  readonly purpose?: string | null;
  /** A bearer token for the running API, when the data directory is held by it and tokens are not minted locally. */
  readonly token?: string;
}

export interface ExportResult {
  readonly bundle: Bundle;
  readonly jsonPath: string;
  readonly pdfPath: string;
  /** verify.html and verify-bundle.mjs, written beside the bundle so whoever receives the files can check them. */
  readonly verifierPaths: readonly string[];
  readonly publicKeyPath: string | null;
  /** `store`: read from the configured stores; `api`: through the API that holds the embedded data directory. */
  readonly via: 'store' | 'api';
}

function operator(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli:operator';
  }
}

const fixedClock = (now: string): Clock => ({ now: () => new Date(now) });

/**
 * Exports one negotiation: `<out>/<bundleId>.json` and `.pdf`, with the standalone verifiers
 * (verify.html, verify-bundle.mjs) beside them, through the one export use case
 * (NegotiationExports: the classification book, the read policy's disclosure, the access log). On
 * the embedded store while the API runs (it holds the data directory), the export goes through the
 * running API with a token minted locally for the same subject and role, so it needs no downtime.
 */
export async function exportNegotiation(request: ExportRequest, config: AppConfig = loadConfig(), now?: string): Promise<ExportResult> {
  if (!isBargainingId(request.negotiationId)) throw new UsageError(`export: a negotiation id is a UUID or [A-Za-z0-9_]+, got ${JSON.stringify(request.negotiationId)}`);
  const kind: BundleKind = request.public ? 'public-records' : 'audit';
  const actor: Actor = { subject: request.by, role: request.role };
  const purpose = request.purpose?.trim() || null;

  let stores;
  try {
    stores = await openStores(config.storage);
  } catch (error) {
    if (error instanceof DataDirectoryLocked) return exportThroughApi(request, kind, purpose, config, error);
    throw error;
  }
  let exported;
  try {
    const exports = NegotiationExports.over(
      stores.events,
      recordsOptions(config),
      now === undefined ? systemClock : fixedClock(now),
    );
    exported = await exports.export(request.negotiationId, kind, { actor, purpose, resource: CLI_EXPORT_RESOURCE });
  } catch (error) {
    throw usageErrorOf(error, request.negotiationId);
  } finally {
    await stores.close();
  }
  return { ...(await writeFiles(exported.bundle, request.out, kind, config.officeTimeZone)), publicKeyPath: exported.publicKeyPath, via: 'store' };
}

function usageErrorOf(error: unknown, negotiationId: string): unknown {
  if (error instanceof BundleSigningKeyUnusable) return new UsageError(`export: ${error.message}`);
  if (error instanceof DomainError && error.code === AccessErrorCode.NEGOTIATION_NOT_FOUND) {
    return new UsageError(`export: no negotiation ${negotiationId} in the record (stream negotiation-${negotiationId} is empty)`);
  }
  return error;
}

/** The same export through the API that holds the embedded data directory (it announced where it listens). */
async function exportThroughApi(request: ExportRequest, kind: BundleKind, purpose: string | null, config: AppConfig, locked: DataDirectoryLocked): Promise<ExportResult> {
  const endpoint = announcedApiEndpoint(config.storage.dataDir);
  if (endpoint === null || endpoint.pid !== locked.pid) {
    throw new UsageError(`export: ${locked.message}; it announces no API to export through (a rebuild or another command holds it): run the export when it ends`);
  }
  let token = request.token;
  if (token === undefined) {
    if (config.auth.mode !== 'embedded') throw new UsageError(`export: the API at ${endpoint.url} holds the data directory; tokens come from ${config.auth.issuer}: pass one with --token`);
    token = await mintDevelopmentToken({ dataDir: config.auth.dataDir, role: request.role, subject: request.by, ttl: '5m' });
  }
  const route = kind === 'audit' ? AUDIT_FILE_RESOURCE : PUBLIC_RECORDS_FILE_RESOURCE;
  const path = route.replace(/^GET /, '').replace(':id', encodeURIComponent(request.negotiationId));
  let response: Response;
  try {
    response = await fetch(`${endpoint.url}${path}?format=json`, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', ...(purpose !== null && { 'X-Access-Purpose': purpose }) },
    });
  } catch (error) {
    throw new Error(`export: the API at ${endpoint.url} (process ${endpoint.pid}) did not answer: ${error instanceof Error ? error.message : String(error)}`);
  }
  const text = await response.text();
  if (!response.ok) {
    const problem = parseProblem(text);
    if (response.status === 404 && problem?.code === AccessErrorCode.NEGOTIATION_NOT_FOUND) {
      throw new UsageError(`export: no negotiation ${request.negotiationId} in the record (stream negotiation-${request.negotiationId} is empty)`);
    }
    const what = problem ? `${problem.code ?? problem.title ?? ''}: ${problem.detail ?? ''}` : text.slice(0, 200);
    const error = `export: the API at ${endpoint.url} answered ${response.status} ${what}`;
    throw response.status < 500 ? new UsageError(error) : new Error(error);
  }
  const bundle = JSON.parse(text) as Bundle;
  return { ...(await writeFiles(bundle, request.out, kind, config.officeTimeZone)), publicKeyPath: config.signingKeyFile === undefined ? bundleSigningPublicKeyPath(config.storage.dataDir) : null, via: 'api' };
}

function parseProblem(text: string): { code?: string; title?: string; detail?: string } | null {
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as { code?: string; title?: string; detail?: string }) : null;
  } catch {
    return null;
  }
}

async function writeFiles(bundle: Bundle, out: string, kind: BundleKind, timeZone: string): Promise<Pick<ExportResult, 'bundle' | 'jsonPath' | 'pdfPath' | 'verifierPaths'>> {
  const pdf = await renderBundlePdf(bundle, { timeZone });
  const dir = resolve(out);
  await mkdir(dir, { recursive: true });
  // An audit file holds confidential and privileged records: readable by its owner only.
  const mode = kind === 'public-records' ? 0o644 : 0o600;
  const jsonPath = join(dir, `${bundle.manifest.bundleId}.json`);
  const pdfPath = join(dir, `${bundle.manifest.bundleId}.pdf`);
  // Compact, as the API's exports are: each section is then stored as the very canonical text its
  // digest covers, which `verify` hashes as stored instead of parsing and re-canonicalizing it.
  await writeFile(jsonPath, [...bundleJsonChunks(bundle), '\n'], { mode });
  await writeFile(pdfPath, pdf, { mode });
  // The verifiers hold nothing of the record: the same files for every export.
  const verifiers = standaloneVerifiers();
  const verifierPaths = STANDALONE_VERIFIER_FILES.map((file) => join(dir, file));
  for (const file of STANDALONE_VERIFIER_FILES) await writeFile(join(dir, file), verifiers[file], { mode: file.endsWith('.mjs') ? 0o755 : 0o644 });
  return { bundle, jsonPath, pdfPath, verifierPaths };
}

interface ExportOptions {
  readonly out: string;
  readonly public?: boolean;
  readonly by: string;
  readonly role: Role;
  readonly purpose?: string;
  readonly token?: string;
}

/** `export <negotiationId> --out <dir> [--public] [--by <subject>] [--role <role>] [--purpose <text>] [--token <jwt>]`. */
export function registerExportCommand(program: Command): void {
  program
    .command('export <negotiationId>')
    .description("export a negotiation's audit-ready file (or with --public its public-records export) as a signed <bundleId>.json and a .pdf")
    .requiredOption('--out <dir>', 'directory to write into (created if absent)')
    .option('--public', 'public records only, with a withheld log by category and basis')
    .option('--by <subject>', 'who generates the file, recorded in the signed manifest and the access log', operator())
    .addOption(new Option('--role <role>', 'role whose clearance the audit file follows').choices(ROLES).default('records-officer'))
    .option('--purpose <text>', 'why the file is made (recorded in the access log); privileged records are disclosed only with one')
    .option('--token <jwt>', 'bearer token for the running API when it holds the data directory and tokens come from an OIDC issuer')
    .action(async (negotiationId: string, options: ExportOptions) => {
      const result = await exportNegotiation({
        negotiationId,
        out: options.out,
        public: options.public ?? false,
        by: options.by,
        role: options.role,
        purpose: options.purpose ?? null,
        ...(options.token !== undefined && { token: options.token }),
      });
      const m = result.bundle.manifest;
      const events = m.streams.reduce((n, s) => n + s.events, 0);
      const withheld = m.streams.reduce((n, s) => n + s.withheld, 0);
      process.stdout.write(
        [
          `${m.kind === 'public-records' ? 'public-records export' : 'audit file'} ${m.bundleId}: ${events} events in ${m.streams.length} stream(s), ${withheld} withheld, ${Object.keys(m.sections).length} sections${result.via === 'api' ? ' (through the running API)' : ''}`,
          `  ${result.jsonPath}`,
          `  ${result.pdfPath}`,
          ...result.verifierPaths.map((path) => `  ${path}`),
          `signed by key ${m.signature.keyId}${result.publicKeyPath ? ` (public key: ${result.publicKeyPath})` : ''}`,
          `verify with: npm run cli -- verify ${result.jsonPath}${result.publicKeyPath ? ` --trusted-key ${result.publicKeyPath}` : ' --trusted-key <public key PEM>'}`,
          `  or without this repository, in ${dirname(result.jsonPath)}: node verify-bundle.mjs ${m.bundleId}.json, or open verify.html in a browser`,
          '',
        ].join('\n'),
      );
    });
}
