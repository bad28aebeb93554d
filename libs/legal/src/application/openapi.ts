import { DEMANDED_DECISION_KINDS, DEMAND_ANSWERS, DEMAND_SCOPES, NEGOTIATION_KINDS, WORK_STOPPAGE_KINDS } from '#bargaining';
import { SHARED_SCHEMAS, schema } from '#platform';
import { AS_OF_BASES } from '../as-of.js';
import { FACT_SOURCES, TIME_BASES, TIMELINE_ORDERS } from '../timeline.js';

/* The legal timeline and the table as of a day, as OpenAPI schemas (the views are interfaces). */
const { obj, str, int, bool, day, instant, oneOfValues, arrayOf, ref, nullable, freeObject } = schema;

const SIDES = ['employer', 'union'] as const;
const withheldForPurpose = int({ minimum: 0, description: 'Privileged records the caller is cleared for but that were left out for want of X-Access-Purpose' });

const TimelineFact = obj({
  eventId: str({ format: 'uuid' }),
  stream: str({ example: 'negotiation-bayview_2025' }),
  revision: int(),
  source: oneOfValues(FACT_SOURCES),
  type: str({ example: 'ProposalTabled' }),
  occurredAt: ref('BusinessTime'),
  effectiveOccurredAt: ref('BusinessTime'),
  occurredAtDescription: str({ description: 'effectiveOccurredAt as the record knows it, in words', example: 'February 2008' }),
  recordedAt: instant(),
  recordedBy: ref('Actor'),
  lateEntry: obj({ late: bool(), gapDays: int() }),
  imported: nullable(obj({ document: str(), transcribedBy: str(), key: str() }, { description: 'A historic fact imported with its provenance: never a late entry' })),
  classification: ref('ClassificationMark'),
  recordedClassification: ref('ClassificationMark'),
  articles: arrayOf(str()),
  side: nullable(oneOfValues(SIDES)),
  data: freeObject({ description: 'The fact as recorded; its corrections are beside it' }),
  corrections: arrayOf(obj({ eventId: str(), reason: str(), correctedFields: freeObject(), occurredAt: ref('BusinessTime'), recordedAt: instant(), recordedBy: ref('Actor') })),
  corrects: nullable(obj({ eventId: str(), type: str(), found: bool() })),
  hash: str(),
  prevHash: str(),
});

const Timeline = obj({
  negotiationId: str(),
  timeBase: oneOfValues(TIME_BASES),
  order: oneOfValues(TIMELINE_ORDERS),
  lateEntryDays: int(),
  filters: freeObject({ description: 'The filters applied (from, to, types, article, side, includeAccessLog)' }),
  count: int({ description: 'Facts the filters keep, on every page' }),
  lateEntries: int({ description: 'Late entries among them' }),
  corrections: int({ description: 'Corrections among them' }),
  withheldForPurpose,
  facts: arrayOf(ref('TimelineFact'), { description: "This page's facts in the timeline's order; the pages joined are the whole timeline" }),
  limit: int({ minimum: 1 }),
  nextCursor: nullable(str({ description: 'Pass as after for the next page; null on the last' })),
  previousCursor: nullable(str({ description: 'Pass as before for the page before; null on the first' })),
});

const signature = nullable(obj({ signatory: str(), initialedOn: day() }));
const position = nullable(
  obj({
    proposalId: str(),
    number: str(),
    form: oneOfValues(['proposal', 'counterproposal', 'package']),
    tabledOn: day(),
    status: oneOfValues(['on-table', 'withdrawn', 'rejected']),
    eventId: str(),
    title: nullable(str()),
    changeKind: nullable(str()),
    text: nullable(str()),
  }),
);

const TableAsOf = obj({
  negotiationId: str(),
  asOf: day(),
  basis: oneOfValues(AS_OF_BASES),
  status: str({ example: 'at-table' }),
  stage: str(),
  openedOn: nullable(day()),
  daysAtTable: nullable(int()),
  articles: arrayOf(obj({ article: str(), status: oneOfValues(['open', 'agreed']), positions: obj({ employer: position, union: position }), tentativeAgreement: nullable(str()) })),
  tentativeAgreements: arrayOf(
    obj({ taId: str(), articles: arrayOf(str()), signatures: obj({ employer: signature, union: signature }), status: oneOfValues(['complete', 'awaiting-signature', 'withdrawn']), awaiting: nullable(oneOfValues(SIDES)) }),
  ),
  workStoppages: arrayOf(
    obj({
      stoppageId: str(),
      kind: oneOfValues(WORK_STOPPAGE_KINDS),
      by: oneOfValues(SIDES),
      status: oneOfValues(['noticed', 'in-progress', 'ended']),
      noticeGivenOn: nullable(day()),
      beganOn: nullable(day()),
      endedOn: nullable(day()),
    }),
  ),
  demandToBargain: nullable(
    obj({
      demandId: str(),
      demandedBy: oneOfValues(SIDES),
      decision: obj({ description: str(), kind: oneOfValues(DEMANDED_DECISION_KINDS), decidedOn: nullable(day()), 'decidedAsKnown?': ref('BusinessTime') }),
      scope: oneOfValues(DEMAND_SCOPES),
      demandedOn: day(),
      status: oneOfValues(['awaiting-answer', 'answered']),
      answer: nullable(obj({ answer: oneOfValues(DEMAND_ANSWERS), answeredBy: oneOfValues(SIDES), waiverBasis: nullable(str()), answeredOn: day() })),
      negotiations: arrayOf(obj({ negotiationId: str(), kind: oneOfValues(NEGOTIATION_KINDS), openedOn: day() })),
    }),
  ),
  informationRequests: obj({
    open: arrayOf(obj({ requestId: str(), unitId: str(), from: freeObject(), receivedOn: day(), items: int(), clocks: freeObject({ description: 'The request’s clocks as of the day: due dates, extensions, items answered' }) })),
    closedOrWithdrawn: arrayOf(obj({ requestId: str(), status: oneOfValues(['closed', 'withdrawn']), on: nullable(day()) })),
  }),
  record: obj({ factsFolded: int(), correctionsApplied: int(), factsRecordedAfter: int(), importedFacts: int({ description: 'Of the facts folded, those imported from historic sources (never late entries)' }), correctionsRecordedAfter: int(), recordedThrough: nullable(day()),
    uncertainFacts: arrayOf(obj({ eventId: str(), type: str(), occurredAtDescription: str({ example: 'February 2008' }) }), {
      description: 'Facts folded although their date, known only as a month, a range or a bound, reaches past the day: they may or may not have happened by then',
    }),
  }),
  withheldForPurpose,
});

export const TIMELINE_SCHEMAS = { Timeline, TimelineFact, ...SHARED_SCHEMAS };
export const TIMELINE_FACT_SCHEMAS = { TimelineFact, ...SHARED_SCHEMAS };
export const TABLE_AS_OF_SCHEMAS = { TableAsOf, ...SHARED_SCHEMAS };
