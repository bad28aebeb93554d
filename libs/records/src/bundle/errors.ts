/** A record a failure concerns: where it is in the store. */
export interface FailedRecord {
  readonly stream: string;
  readonly revision: number | null;
  readonly eventId: string | null;
}

/**
 * An export could not be produced. Every failure of building, signing or rendering a bundle is one
 * of these, so the HTTP edge and the CLI can say what failed (the section, the record) instead of an
 * opaque error. Nothing is signed or written when one is thrown.
 */
export class BundleExportFailed extends Error {
  constructor(
    /** A stable code: BUNDLE_SOURCE_INVALID, WITHHELD_CONTENT_IN_SECTION, SECTION_FAILED, PDF_RENDERING_FAILED. */
    readonly code: string,
    message: string,
    /** The section being produced or rendered, when the failure is in one. */
    readonly section: string | null,
    readonly record: FailedRecord | null,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
    this.name = 'BundleExportFailed';
  }
}

/** The events handed to the builder are not a sound stretch of the record; nothing is signed. */
export class BundleSourceInvalid extends BundleExportFailed {
  constructor(
    message: string,
    readonly stream: string,
    readonly revision: number | null,
    eventId: string | null = null,
  ) {
    super('BUNDLE_SOURCE_INVALID', message, null, { stream, revision, eventId });
    this.name = 'BundleSourceInvalid';
  }
}

/** A section of a public-records export carries text found only in withheld records. Nothing is signed. */
export class WithheldContentInSection extends BundleExportFailed {
  constructor(
    section: string,
    readonly source: { readonly stream: string; readonly revision: number },
  ) {
    super(
      'WITHHELD_CONTENT_IN_SECTION',
      `section ${section} contains text found only in the withheld record ${source.stream}@${source.revision}; its producer must use only the disclosed events`,
      section,
      { stream: source.stream, revision: source.revision, eventId: null },
    );
    this.name = 'WithheldContentInSection';
  }
}

/** A section producer threw, or returned what JSON cannot carry. */
export class SectionFailed extends BundleExportFailed {
  constructor(section: string, cause: unknown) {
    super('SECTION_FAILED', `section ${section} could not be produced: ${messageOf(cause)}`, section, null, { cause });
    this.name = 'SectionFailed';
  }
}

/** The PDF rendering of a signed bundle failed in a section (or on its title pages: section null). */
export class PdfRenderingFailed extends BundleExportFailed {
  constructor(section: string | null, cause: unknown) {
    super('PDF_RENDERING_FAILED', `the PDF could not be rendered${section ? ` at section ${section}` : ''}: ${messageOf(cause)}`, section, null, { cause });
    this.name = 'PdfRenderingFailed';
  }
}

/** Files are built one at a time and this many already wait: the request may be sent again after `retryAfterSeconds`. */
export class ExportBusy extends BundleExportFailed {
  readonly retryAfterSeconds = 10;
  constructor(waiting: number) {
    super('EXPORT_BUSY', `${waiting} files are already waiting to be built, one at a time; nothing was read or logged: send the request again in a few seconds`, null, null);
    this.name = 'ExportBusy';
  }
}

/** Building the file needed more memory than the export worker has (EXPORT_MEMORY_MB); the API is unaffected. */
export class ExportTooLarge extends BundleExportFailed {
  constructor(memoryMb: number, format: string) {
    super(
      'EXPORT_TOO_LARGE',
      `the ${format.toUpperCase()} file needs more than the ${memoryMb} MB the export worker may use (EXPORT_MEMORY_MB); nothing was logged. Raise EXPORT_MEMORY_MB, or export with the CLI (npm run cli -- export), which runs in a process of its own`,
      null,
      null,
    );
    this.name = 'ExportTooLarge';
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
