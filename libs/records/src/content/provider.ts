import type { ClassificationMark } from '#kernel';
import type { RecordedEvent } from '#event-store';
import type { BundleKind, SectionName } from '../bundle/format.js';

/** What a section producer is given: only the events the bundle discloses. */
export interface BundleContentInput {
  readonly negotiationId: string;
  readonly kind: BundleKind;
  /** The bundle's generation instant: clocks and effective classifications are taken as of it. */
  readonly generatedAt: string;
  /** Disclosed events by stream, in revision order. Withheld events are not here. */
  readonly streams: ReadonlyMap<string, readonly RecordedEvent[]>;
  /** Every disclosed event in one list: business time, then recording time, then stream and revision. */
  readonly events: readonly RecordedEvent[];
  /** The classification in effect at generatedAt (it can differ from the mark recorded with the event). */
  readonly classificationOf: (event: RecordedEvent) => ClassificationMark;
  /** How many events the bundle withholds (reader clearance or public-records rule). */
  readonly withheldCount: number;
}

/**
 * Produces one section: any plain JSON value (it is hashed as RFC 8785 canonical JSON and signed).
 * A producer must derive what it returns from `input.events` only, or from read models filtered by
 * the same disclosure rule: the builder hands it nothing it may not put in the bundle, and for a
 * public-records export refuses sections that carry text found only in withheld records.
 */
export type SectionProducer = (input: BundleContentInput) => unknown | Promise<unknown>;

/**
 * Who supplies the human-facing sections. Other read models (legal timeline, access log, compliance,
 * as-of) implement the sections they own and are composed over the default one:
 *
 *   const content = { ...defaultContentProvider(), chronology: legalTimelineSection, accessLog: accessLogSection };
 *
 * Known names (SECTION_NAMES) get a dedicated layout in the PDF; any other name is added to the
 * bundle and rendered generically. `withheldLog` is reserved: the builder writes it.
 */
export type BundleContentProvider = Readonly<Partial<Record<SectionName, SectionProducer>> & { readonly [name: string]: SectionProducer | undefined }>;
