import { Inject, Injectable } from '@nestjs/common';
import { AccessLog, type AccessContext, NegotiationFiles, ReadPolicy } from '#access';
import type { EventStore } from '#event-store';
import { CLOCK, type Clock, systemClock } from '#platform';
import { type BuildBundleInput, buildAuditBundle, buildPublicRecordsBundle, disclosedEventIds } from '../bundle/builder.js';
import type { Bundle, BundleKind } from '../bundle/format.js';
import { type LoadedBundleSigner, loadBundleSigner } from '../bundle/signing-key.js';
import { defaultContentProvider } from '../content/default-provider.js';

export const RECORDS_OPTIONS = Symbol.for('lrr.RecordsOptions');

export interface RecordsOptions {
  readonly dataDir: string;
  readonly signingKeyFile?: string;
  readonly lateEntryDays: number;
  /** The IANA zone in which the PDF shows times (OFFICE_TIME_ZONE); absent: UTC. */
  readonly officeTimeZone?: string;
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
export class NegotiationExports {
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

  async export(negotiationId: string, kind: BundleKind, reader: ExportReader): Promise<NegotiationExport> {
    const signer = await this.signer();
    const file = await this.files.read(negotiationId, { accessLog: kind === 'audit' });
    const input: BuildBundleInput = {
      streams: file.streams,
      negotiationId,
      actor: reader.actor,
      now: this.clock.now().toISOString(),
      signer,
      content: defaultContentProvider({ lateEntryDays: this.options.lateEntryDays }),
      classificationOf: file.book.classificationOf,
      purpose: reader.purpose,
    };
    const bundle = kind === 'audit' ? await buildAuditBundle(input) : await buildPublicRecordsBundle(input);
    const disclosed = disclosedEventIds(bundle);
    await this.policy.recordReads(
      reader.actor,
      [...file.streams.values()].flat().filter((event) => disclosed.has(event.eventId)),
      reader.purpose,
      { resource: reader.resource, classificationOf: file.book.classificationOf, correlationId: reader.correlationId ?? null },
    );
    return { bundle, publicKeyPath: signer.publicKeyPath };
  }
}
