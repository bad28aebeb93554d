import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { AccessLog, type AccessContext, type NegotiationFile, NegotiationFiles, ReadPolicy } from '#access';
import type { AppConfig, TimestampAuthoritySettings } from '#config';
import type { EventStore } from '#event-store';
import { CLOCK, type Clock, systemClock } from '#platform';
import { disclosedEventIds } from '../bundle/builder.js';
import type { Bundle, BundleKind } from '../bundle/format.js';
import { type LoadedBundleSigner, loadBundleSigner } from '../bundle/signing-key.js';
import { type FoundCheckpoint, latestCheckpoint } from '../checkpoint/checkpoint-proofs.js';
import { ExportRunner } from './export-runner.js';
import { type BundleRequest, buildNegotiationBundle, disclosedRecords } from './negotiation-bundle.js';

export const RECORDS_OPTIONS = Symbol.for('lrr.RecordsOptions');

export interface RecordsOptions {
  readonly dataDir: string;
  readonly signingKeyFile?: string;
  readonly lateEntryDays: number;
  /** The IANA zone in which the PDF shows times (OFFICE_TIME_ZONE); absent: UTC. */
  readonly officeTimeZone?: string;
  /** The heap limit, in MB, of the worker that builds files for the API (EXPORT_MEMORY_MB); absent or null: sized by each file (ExportRunner). */
  readonly exportMemoryMb?: number | null;
  /**
   * Checkpoints of the whole record taken while the API runs (CHECKPOINT_INTERVAL_MINUTES, CHECKPOINT_DIR),
   * time-stamped by an RFC 3161 authority when one is set (CHECKPOINT_TSA_URL, CHECKPOINT_TSA_CERT); absent: none.
   */
  readonly checkpoints?: { readonly intervalMs: number; readonly directory: string; readonly timestampAuthority?: TimestampAuthoritySettings };
}

/** The records context's settings from the process configuration: one reading for the API and the CLI. */
export function recordsOptions(config: AppConfig): RecordsOptions {
  return {
    dataDir: config.storage.dataDir,
    lateEntryDays: config.lateEntryDays,
    officeTimeZone: config.officeTimeZone,
    exportMemoryMb: config.exportMemoryMb,
    checkpoints: {
      intervalMs: config.checkpoints.intervalMinutes * 60_000,
      directory: config.checkpoints.directory,
      ...(config.checkpoints.timestampAuthority && { timestampAuthority: config.checkpoints.timestampAuthority }),
    },
    ...(config.signingKeyFile !== undefined && { signingKeyFile: config.signingKeyFile }),
  };
}

/** A file built for the API: its bytes as JSON or PDF, and the bundle's id to name it by. */
export interface ExportedFile {
  readonly bytes: Buffer;
  readonly format: 'json' | 'pdf';
  readonly bundleId: string;
}

/** Who exports, why (X-Access-Purpose, the CLI's --purpose), and from where (the access log's resource). */
export interface ExportReader extends Pick<AccessContext, 'actor' | 'purpose'> {
  readonly correlationId?: string | null;
  /** The route template or CLI command the export is made through, for the access log. */
  readonly resource: string;
}

export interface NegotiationExport {
  readonly bundle: Bundle;
  /** Where verifiers pick up the signing key's public half (the embedded key); null for a configured key. */
  readonly publicKeyPath: string | null;
}

/**
 * The one export of a negotiation's file, called by the HTTP routes and by the CLI alike: read the
 * file (NegotiationFiles: the negotiation's streams, its information requests, classification
 * changes and, for an audit file, its access log), apply the classification book, build and sign
 * the bundle (the read policy decides what an audit file discloses), and log every confidential and
 * privileged record it discloses in the access log. The PDF is rendered from the bundle alone
 * (renderBundlePdf), wherever the bundle was built.
 *
 * Failures are BundleExportFailed (naming the section or record) or the access context's
 * NEGOTIATION_NOT_FOUND; nothing is logged for a file that was not produced.
 */
@Injectable()
export class NegotiationExports implements OnModuleDestroy {
  private runner: ExportRunner | null = null;

  constructor(
    @Inject(NegotiationFiles) private readonly files: NegotiationFiles,
    @Inject(ReadPolicy) private readonly policy: ReadPolicy,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RECORDS_OPTIONS) private readonly options: RecordsOptions,
  ) {}

  /** The same use case outside Nest (the CLI on its own store): the read policy and its access log over `store`. */
  static over(store: EventStore, options: RecordsOptions, clock: Clock = systemClock): NegotiationExports {
    return new NegotiationExports(new NegotiationFiles(store), new ReadPolicy(new AccessLog(store, clock), clock), clock, options);
  }

  /** Loads the signing key first, so an unusable key fails before anything is read. */
  signer(): Promise<LoadedBundleSigner> {
    return loadBundleSigner({ dataDir: this.options.dataDir, ...(this.options.signingKeyFile !== undefined && { signingKeyFile: this.options.signingKeyFile }) });
  }

  /** The signed bundle, built in this process (the CLI, a process of its own). */
  async export(negotiationId: string, kind: BundleKind, reader: ExportReader): Promise<NegotiationExport> {
    const signer = await this.signer();
    const checkpoint = await this.checkpoint();
    const file = await this.files.read(negotiationId, { accessLog: kind === 'audit' });
    const bundle = await buildNegotiationBundle(file, this.request(kind, reader, checkpoint), signer);
    await this.recordReads(file, disclosedEventIds(bundle), reader);
    return { bundle, publicKeyPath: signer.publicKeyPath };
  }

  /**
   * The file as the API serves it, JSON or PDF, built in the export worker (ExportRunner): one file at
   * a time, each under a heap of its own (EXPORT_MEMORY_MB, or sized by the file), so no file can exhaust the API's memory. Only the file's
   * streams are read here; its reads are logged once the worker has built it.
   */
  async file(negotiationId: string, kind: BundleKind, reader: ExportReader, format: 'json' | 'pdf'): Promise<ExportedFile> {
    this.runner ??= new ExportRunner(this.options.exportMemoryMb ?? null);
    return this.runner.schedule(async (build) => {
      await this.signer();
      const checkpoint = await this.checkpoint();
      const file = await this.files.read(negotiationId, { accessLog: kind === 'audit' });
      const { negotiation, demand, informationRequests, classificationChanges, accessLog } = file;
      const built = await build({
        streams: { negotiationId, negotiation, demand, informationRequests, classificationChanges, accessLog },
        request: this.request(kind, reader, checkpoint),
        signing: { dataDir: this.options.dataDir, ...(this.options.signingKeyFile !== undefined && { signingKeyFile: this.options.signingKeyFile }) },
        format,
        ...(this.options.officeTimeZone !== undefined && { timeZone: this.options.officeTimeZone }),
      });
      await this.recordReads(file, new Set(built.disclosed), reader);
      return { bytes: Buffer.from(built.bytes.buffer, built.bytes.byteOffset, built.bytes.byteLength), format, bundleId: built.bundleId };
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.runner?.close();
  }

  private request(kind: BundleKind, reader: ExportReader, checkpoint: FoundCheckpoint | null): BundleRequest {
    return { kind, actor: reader.actor, purpose: reader.purpose, now: this.clock.now().toISOString(), lateEntryDays: this.options.lateEntryDays, checkpoint };
  }

  /** The newest checkpoint in the checkpoint directory, read before the file's streams: it predates them. */
  private checkpoint(): Promise<FoundCheckpoint | null> {
    return this.options.checkpoints ? latestCheckpoint(this.options.checkpoints.directory) : Promise.resolve(null);
  }

  private recordReads(file: NegotiationFile, disclosed: ReadonlySet<string>, reader: ExportReader): Promise<void> {
    return this.policy.recordReads(reader.actor, disclosedRecords(file, disclosed), reader.purpose, {
      resource: reader.resource,
      classificationOf: file.book.classificationOf,
      correlationId: reader.correlationId ?? null,
    });
  }
}
