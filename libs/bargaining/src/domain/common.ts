import { type BusinessTime, businessDayOf, businessTimeOf, businessTimeProblem, isCertainToTheDay } from '#kernel';
import { BargainingErrorCode as E, refuse } from './errors.js';

/** A calendar day, YYYY-MM-DD. */
export type IsoDate = string;

export const SIDES = ['employer', 'union'] as const;
export type Side = (typeof SIDES)[number];

export const otherSide = (side: Side): Side => (side === 'employer' ? 'union' : 'employer');

/** EERA, MMBA, HEERA and the Dills Act (California, PERB); MERA and the Teacher Negotiation Act (Connecticut). */
export const STATUTES = ['EERA', 'MMBA', 'HEERA', 'DILLS', 'MERA', 'TNA', 'OTHER'] as const;
export type Statute = (typeof STATUTES)[number];

export const CALIFORNIA_STATUTES: readonly Statute[] = ['EERA', 'MMBA', 'HEERA', 'DILLS'];
export const CONNECTICUT_STATUTES: readonly Statute[] = ['MERA', 'TNA'];

/** An agreement's term, first and last day inclusive. */
export interface AgreementTerm {
  readonly start: IsoDate;
  readonly end: IsoDate;
}

/**
 * The agreement in force on `day`: the term covering it, or else the latest one started before it
 * (after expiry the expired agreement's terms continue, the status quo); null when none had started.
 */
export function termInForceOn(terms: readonly AgreementTerm[], day: IsoDate): AgreementTerm | null {
  let inForce: AgreementTerm | null = null;
  for (const term of terms) {
    if (term.start > day) continue;
    const covers = term.end >= day;
    const inForceCovers = inForce !== null && inForce.end >= day;
    if (inForce === null || (covers && !inForceCovers) || (covers === inForceCovers && term.start > inForce.start)) inForce = term;
  }
  return inForce;
}

/** Terms by start day, each once: a unit's agreements as known. */
export function withTerm(terms: readonly AgreementTerm[], term: AgreementTerm): readonly AgreementTerm[] {
  if (terms.some((t) => t.start === term.start && t.end === term.end)) return terms;
  return [...terms, term].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.end < b.end ? -1 : 1));
}

/** A document by its SHA-256 (64 lowercase hex characters); the bytes live elsewhere. */
export interface DocumentRef {
  readonly name: string;
  readonly sha256: string;
}

/** Money as a decimal string (hashed JSON keeps large numbers as strings). */
export interface CostLine {
  readonly fiscalYear: string;
  readonly amount: string;
  readonly description: string | null;
}

/**
 * The business day of an act, which its day field holds: the day of the command's occurredAt, or for
 * a date known less precisely the day it is filed under (kernel's businessDayOf); occurredAt keeps how
 * precisely it is known.
 */
export const businessDay = (occurredAt: BusinessTime): IsoDate => businessDayOf(occurredAt);

// ---- guards shared by the deciders (the HTTP edge validates too) ----

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

export function assertIsoDate(value: unknown, field: string): asserts value is IsoDate {
  if (!isIsoDate(value)) throw refuse(E.INVALID_DATE, `${field} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`, { field });
}

/**
 * A day a command gives either exactly (`day`, YYYY-MM-DD) or as the record gives it (`asKnown`, a
 * business time of any precision: a month, a year, a bound, a range), never both. The day field
 * holds the day it is filed under (its earliest possible day); `asKnown` is kept only when the record
 * gives less than a day, so a day given either way is stored the same.
 */
export function dayAsGiven(day: unknown, asKnown: unknown, field: string, knownField: string): { readonly day: IsoDate | null; readonly asKnown?: BusinessTime } {
  if (asKnown != null) {
    if (day != null) throw refuse(E.INVALID_VALUE, `give ${field} or ${knownField}, not both`, { field: knownField });
    const problem = businessTimeProblem(asKnown);
    if (problem) throw refuse(E.INVALID_DATE, `${knownField}.${problem.field}: ${problem.message}`, { field: `${knownField}.${problem.field}` });
    const time = businessTimeOf(asKnown as BusinessTime);
    return isCertainToTheDay(time) ? { day: businessDayOf(time) } : { day: businessDayOf(time), asKnown: time };
  }
  if (day == null) return { day: null };
  assertIsoDate(day, field);
  return { day };
}

export function assertOneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): asserts value is T {
  if (!allowed.includes(value as T)) {
    throw refuse(E.INVALID_VALUE, `${field} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`, { field, allowed });
  }
}

/** Required text: present and not blank. Returns it unchanged. */
export function requiredText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw refuse(E.REQUIRED_TEXT_MISSING, `${field} is required`, { field });
  }
  return value;
}

/** Optional text: absent or blank becomes null, so stored events have one shape. */
export function optionalText(value: string | null | undefined): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

export function agreementTerm(term: AgreementTerm, field: string): AgreementTerm {
  assertIsoDate(term?.start, `${field}.start`);
  assertIsoDate(term.end, `${field}.end`);
  if (term.end < term.start) {
    throw refuse(E.AGREEMENT_TERM_INVALID, `${field} ends (${term.end}) before it starts (${term.start})`, { field });
  }
  return { start: term.start, end: term.end };
}

export function optionalAgreementTerm(term: AgreementTerm | null | undefined, field: string): AgreementTerm | null {
  return term == null ? null : agreementTerm(term, field);
}

/** A list given as a list (absent is empty): a decider may be called from more than the HTTP edge. */
export function asList<T>(value: readonly T[] | null | undefined, field: string): readonly T[] {
  if (value == null) return [];
  if (!Array.isArray(value)) throw refuse(E.INVALID_VALUE, `${field} must be a list`, { field });
  return value;
}

const SHA256 = /^[0-9a-fA-F]{64}$/;

export function documents(refs: readonly DocumentRef[] | null | undefined, field = 'documents'): DocumentRef[] {
  return asList(refs, field).map((doc, index) => {
    const name = requiredText(doc?.name, `${field}[${index}].name`);
    if (typeof doc.sha256 !== 'string' || !SHA256.test(doc.sha256)) {
      throw refuse(E.INVALID_DOCUMENT_HASH, `${field}[${index}].sha256 must be 64 hex characters`, { field, index });
    }
    return { name, sha256: doc.sha256.toLowerCase() };
  });
}

export function costLines(lines: readonly CostLineInput[] | null | undefined, field = 'costs'): CostLine[] {
  return asList(lines, field).map((line, index) => ({
    fiscalYear: requiredText(line?.fiscalYear, `${field}[${index}].fiscalYear`),
    amount: requiredText(line.amount, `${field}[${index}].amount`),
    description: optionalText(line.description),
  }));
}

export interface CostLineInput {
  readonly fiscalYear: string;
  readonly amount: string;
  readonly description?: string | null;
}

/** Article identifiers as given ("23", "Art. 10"), each once. */
export function distinctArticles(articles: readonly string[] | null | undefined, field: string, { required }: { required: boolean }): string[] {
  const list = asList(articles, field).map((article, index) => requiredText(article, `${field}[${index}]`));
  if (required && list.length === 0) throw refuse(E.NO_ARTICLES, `${field} names no article`, { field });
  const seen = new Set<string>();
  for (const article of list) {
    if (seen.has(article)) throw refuse(E.DUPLICATE_ARTICLE, `${field} names article ${article} twice`, { field, article });
    seen.add(article);
  }
  return list;
}

/** Own-property lookup in a record keyed by ids or article labels ("constructor" and "__proto__" are valid keys). */
export function own<V>(record: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * The first value in the record that satisfies `test`. A loop over the keys: records are hash
 * tables (see withEntry), and Object.values on one is several times slower; a negotiation's
 * proposals run to hundreds and every tabling looks through them.
 */
export function findValue<V>(record: Readonly<Record<string, V>>, test: (value: V) => boolean): V | undefined {
  const keys = Object.keys(record);
  for (let i = 0; i < keys.length; i++) {
    const value = record[keys[i]!]!;
    if (test(value)) return value;
  }
  return undefined;
}

/** Natural order for article labels: "2" before "10". */
export const byArticle = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });
