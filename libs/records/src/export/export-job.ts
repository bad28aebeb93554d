import type { NegotiationFileStreams } from '#access';
import type { FailedRecord } from '../bundle/errors.js';
import type { BundleRequest } from './negotiation-bundle.js';

/** One file for the export worker to build: the streams read for it and how to build and render it. */
export interface ExportJob {
  readonly streams: NegotiationFileStreams;
  readonly request: BundleRequest;
  readonly signing: { readonly dataDir: string; readonly signingKeyFile?: string };
  readonly format: 'json' | 'pdf';
  readonly timeZone?: string;
}

/** What the worker answers: the file's bytes and the ids of the records it discloses, or why it failed. */
export type ExportOutcome =
  | { readonly ok: true; readonly bytes: Uint8Array; readonly bundleId: string; readonly disclosed: readonly string[] }
  | { readonly ok: false; readonly exportFailed: { readonly code: string; readonly message: string; readonly section: string | null; readonly record: FailedRecord | null } }
  | { readonly ok: false; readonly exportFailed?: undefined; readonly name: string; readonly message: string };
