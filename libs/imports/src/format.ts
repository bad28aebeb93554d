import type { BusinessTime } from '#kernel';

/*
 * The import file (docs/import.md): where the facts were transcribed from, and the facts in
 * business-time order. Each fact names an existing command, the ids of the records it concerns and
 * the body that command's route takes. The same file read twice is the same facts: a fact's command
 * id derives from its source document and its key.
 */

export const IMPORT_FORMAT = 'lrr-import/1';

export interface ImportSource {
  /** The source document: its title, file name or archive reference. With each fact's key, it identifies the fact. */
  readonly document: string;
  /** Who transcribed the facts from it. */
  readonly transcribedBy: string;
  /** Anything else worth knowing about the source (where it is kept, its condition). */
  readonly note?: string;
}

export interface ImportFact {
  /** The fact's natural key in its source (a page and line, a row number, a minute's reference): unique in the file. */
  readonly key: string;
  /** The command it records (an entry of IMPORTABLE_COMMANDS). */
  readonly command: string;
  readonly occurredAt: BusinessTime;
  /** The records it concerns, and the id of the one it creates (optional: derived from its key when absent). */
  readonly ids?: Readonly<Record<string, string | number>>;
  /** The body of the command's route, without occurredAt. */
  readonly data?: Readonly<Record<string, unknown>>;
  /** For a RecordCorrection: the key of the fact it corrects (from the same source), in place of data.correctedEventId. */
  readonly corrects?: string;
}

export interface ImportFile {
  readonly format?: string;
  readonly source: ImportSource;
  readonly facts: readonly ImportFact[];
}

/** The file's shape is wrong (not its facts, which are judged one by one): nothing of it is imported. */
export class ImportFileMalformed extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`the import file is malformed: ${problems.join('; ')}`);
    this.name = 'ImportFileMalformed';
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown, max: number): value is string => typeof value === 'string' && /\S/.test(value) && value.length <= max;

/** Most facts one file may carry: a larger history is split into several files (each resumable). */
export const MAX_FACTS = 100_000;

/**
 * Checks the envelope of a parsed file: the source and a list of facts, each an object. What each fact
 * says is judged later, fact by fact, so that one bad fact is named rather than the whole file refused.
 */
export function importFileOf(value: unknown): ImportFile {
  const problems: string[] = [];
  if (!isObject(value)) throw new ImportFileMalformed(['the file is not a JSON object with source and facts']);
  if (value['format'] !== undefined && value['format'] !== IMPORT_FORMAT) problems.push(`format must be ${IMPORT_FORMAT}`);
  const source = value['source'];
  if (!isObject(source)) problems.push('source must be an object with document and transcribedBy');
  else {
    if (!isText(source['document'], 500)) problems.push('source.document must be a non-blank string of at most 500 characters');
    if (!isText(source['transcribedBy'], 200)) problems.push('source.transcribedBy must be a non-blank string of at most 200 characters');
    if (source['note'] !== undefined && !isText(source['note'], 2000)) problems.push('source.note must be a non-blank string of at most 2000 characters');
    const extra = Object.keys(source).filter((k) => !['document', 'transcribedBy', 'note'].includes(k));
    if (extra.length > 0) problems.push(`source has unknown properties: ${extra.join(', ')}`);
  }
  const facts = value['facts'];
  if (!Array.isArray(facts)) problems.push('facts must be an array');
  else if (facts.length === 0) problems.push('facts is empty');
  else if (facts.length > MAX_FACTS) problems.push(`facts has ${facts.length} entries; at most ${MAX_FACTS} per file`);
  else facts.forEach((fact, index) => isObject(fact) || problems.push(`facts[${index}] is not an object`));
  const extra = Object.keys(value).filter((k) => !['format', 'source', 'facts'].includes(k));
  if (extra.length > 0) problems.push(`unknown properties: ${extra.join(', ')}`);
  if (problems.length > 0) throw new ImportFileMalformed(problems);
  return value as unknown as ImportFile;
}

/** Id columns of a CSV row (they go to `ids`); every other column but the four fixed ones is a body field. */
const ID_COLUMN = /^(?:[a-z][A-Za-z]*Id|itemNumber|clarificationNumber)$/;
const FIXED_COLUMNS = ['key', 'command', 'occurredAt', 'precision'] as const;

/**
 * A simple fact list as CSV (RFC 4180: comma-separated, double-quoted cells may hold commas, quotes
 * doubled and line breaks). The header names the columns: key, command, occurredAt, precision, then
 * id columns (negotiationId, proposalId, requestId, itemNumber, …) and body fields. A body cell that
 * reads as JSON (a number, true/false, a quoted string, an array or object) is that value; any other
 * text is a string; an empty cell is absent. The source comes with the file, not in it.
 */
export function importFileFromCsv(text: string, source: ImportSource): ImportFile {
  const rows = parseCsv(text);
  const header = rows.shift();
  if (!header) throw new ImportFileMalformed(['the CSV file is empty']);
  const missing = FIXED_COLUMNS.filter((column) => !header.includes(column));
  if (missing.length > 0) throw new ImportFileMalformed([`the CSV header lacks ${missing.join(', ')}`]);
  const facts = rows
    .filter((row) => row.some((cell) => cell.trim() !== ''))
    .map((row) => {
      const cell = (name: string) => row[header.indexOf(name)] ?? '';
      const ids: Record<string, string | number> = {};
      const data: Record<string, unknown> = {};
      header.forEach((column, index) => {
        const value = row[index] ?? '';
        if ((FIXED_COLUMNS as readonly string[]).includes(column) || value === '') return;
        if (ID_COLUMN.test(column)) ids[column] = /^\d+$/.test(value) && !column.endsWith('Id') ? Number(value) : value;
        else data[column] = cellValue(value);
      });
      return { key: cell('key'), command: cell('command'), occurredAt: { at: cell('occurredAt'), precision: cell('precision') || 'day' } as BusinessTime, ids, data };
    });
  return importFileOf({ format: IMPORT_FORMAT, source, facts });
}

function cellValue(text: string): unknown {
  const trimmed = text.trim();
  if (/^(?:-?\d+(?:\.\d+)?|true|false|".*"|\[.*\]|\{.*\})$/s.test(trimmed)) {
    try {
      return JSON.parse(trimmed) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && body[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (quoted) throw new ImportFileMalformed(['the CSV file ends inside a quoted cell']);
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
