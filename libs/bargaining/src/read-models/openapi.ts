import { CHANGE_KINDS, NEGOTIATION_KINDS, OUTCOMES, TA_RULES } from '../domain/negotiation/events.js';
import { SETTLEMENT_STEPS } from '../domain/negotiation/summary.js';
import { SIDES, STATUTES } from '../domain/common.js';
import { DEMANDED_DECISION_KINDS, DEMAND_ANSWERS, DEMAND_SCOPES } from '../domain/demand-to-bargain.js';
import { CLASSIFICATIONS } from '#kernel';
import { SHARED_SCHEMAS, schema, type SchemaObject } from '#platform';
import { CHAIN_ORDERS } from './article-chain.js';

/*
 * The read models' answers as OpenAPI schemas (the read models are interfaces, so they are written
 * here beside them): summary, dashboard, the article board and an article's chain.
 */
const { obj, str, int, bool, day, instant, oneOfValues, arrayOf, ref, nullable, freeObject } = schema;

const side = oneOfValues(SIDES);
const FORMS = ['proposal', 'counterproposal', 'package'] as const;

const positionsBySide = (of: SchemaObject) => obj({ employer: of, union: of });

const LastActivity = obj({ recordedAt: instant(), occurredAt: ref('BusinessTime'), eventType: str({ example: 'ProposalTabled' }), eventId: str({ format: 'uuid' }) });

const NegotiationSummary = obj({
  negotiationId: str({ example: 'bayview_2025' }),
  unitId: str({ example: 'bayview_teachers' }),
  unitName: str(),
  statute: oneOfValues(STATUTES),
  kind: oneOfValues(NEGOTIATION_KINDS),
  status: oneOfValues(['open', 'concluded']),
  stage: str({ example: 'at-table' }),
  outcome: nullable(oneOfValues(OUTCOMES)),
  openedOn: day(),
  concludedOn: nullable(day()),
  groundRules: nullable(obj({ taRule: oneOfValues(TA_RULES), agreedOn: day() })),
  asOf: day({ description: 'The day the day counts are computed as of' }),
  daysAtTable: int(),
  sessions: obj({ held: int(), cancelled: int(), lastHeldOn: nullable(day()) }),
  proposals: obj({ employer: int(), union: int(), onTable: int() }),
  openArticles: arrayOf(str()),
  agreedArticles: arrayOf(str()),
  tentativeAgreements: obj({
    complete: arrayOf(str()),
    awaitingSignature: arrayOf(obj({ taId: str(), signedBy: side, awaiting: side })),
    withdrawn: arrayOf(str()),
  }),
  settlementSteps: obj({ done: arrayOf(oneOfValues(SETTLEMENT_STEPS)), pending: arrayOf(oneOfValues(SETTLEMENT_STEPS)) }),
  notes: int({ description: 'Confidential and privileged notes on file that this reader may see' }),
  corrections: int({ description: 'Corrections recorded that this reader may see' }),
  lastActivity: nullable(ref('LastActivity')),
  clearance: arrayOf(oneOfValues(CLASSIFICATIONS), { description: 'The classification levels the summary was computed over' }),
});

const page = (item: string, description: string) =>
  obj({ items: arrayOf(ref(item)), nextCursor: nullable(str({ description: 'Pass as cursor for the next page; null on the last' })) }, { description });

const ActiveNegotiationLine = obj({
  negotiationId: str(),
  kind: oneOfValues(NEGOTIATION_KINDS),
  stage: str(),
  openedOn: day(),
  daysAtTable: int(),
  openArticles: int(),
  tentativeAgreementsAwaitingSignature: int(),
  lastActivity: nullable(ref('LastActivity')),
});

const UnitDashboard = obj({
  unitId: str({ example: 'bayview_teachers' }),
  name: str(),
  employer: nullable(str()),
  employeeOrganization: nullable(str()),
  statute: nullable(oneOfValues(STATUTES)),
  currentAgreementTerm: nullable(obj({ start: day(), end: day() })),
  asOf: day(),
  activeNegotiations: arrayOf(ref('ActiveNegotiationLine'), { description: 'Open negotiations, longest at the table first' }),
  concludedNegotiations: int(),
  lastActivity: nullable(ref('LastActivity')),
  tentativeAgreementsPending: int(),
  daysAtTable: nullable(int({ description: 'The longest an open negotiation has been at the table; null with none open' })),
  overdueInformationRequests: nullable(int({ description: 'Null when no information-request register is wired in' })),
  nextCursor: nullable(str({ description: 'More active negotiations follow: GET /units/{unitId}/dashboard with this cursor and the same asOf answers the next page of them' })),
});

const StandingPosition = obj({
  entryId: str(),
  kind: oneOfValues([...FORMS, 'tentative-agreement']),
  proposalId: nullable(str()),
  number: nullable(str()),
  taId: nullable(str()),
  text: str(),
  occurredAt: ref('BusinessTime'),
});

const WordDiffPart = obj({ op: oneOfValues(['equal', 'insert', 'delete']), text: str() });

const articleHead = {
  negotiationId: str(),
  article: str({ example: '24' }),
  title: nullable(str()),
  status: oneOfValues(['open', 'awaiting-signature', 'agreed']),
  current: positionsBySide(nullable(ref('StandingPosition'))),
  proposed: positionsBySide(nullable(ref('StandingPosition'))),
  tentativeAgreement: nullable(obj({ entryId: str(), taId: str(), complete: bool(), text: str() })),
  withdrawn: arrayOf(side),
  lastOccurredOn: day(),
  lastRecordedAt: instant(),
};

const ArticleSummary = obj({ ...articleHead, entryCount: int() });

const withheld = { withheldForPurpose: int({ minimum: 0, description: 'Privileged records the caller is cleared for but that were left out for want of X-Access-Purpose' }) };

const ArticleBoard = obj({ negotiationId: str(), articles: arrayOf(ref('ArticleSummary')), ...withheld });

const CorrectionShown = obj({
  eventId: str(),
  correctsEventId: str(),
  correctedEventType: str(),
  reason: str(),
  correctedFields: freeObject(),
  correctedOn: day(),
  occurredAt: ref('BusinessTime'),
  recordedAt: instant(),
  recordedBy: ref('Actor'),
  classification: ref('ClassificationMark'),
});

const PositionChange = obj({ side, from: nullable(str()), to: nullable(str()), diff: arrayOf(ref('WordDiffPart')) });

/* One schema for the four kinds of entry: the members common to all are required, the rest present by kind. */
const ArticleChainEntry = obj(
  {
    entryId: str(),
    eventId: str(),
    revision: int(),
    kind: oneOfValues([...FORMS, 'withdrawal', 'package-reversion', 'package-rejection', 'tentative-agreement', 'tentative-agreement-withdrawal']),
    side: nullable(side),
    occurredAt: ref('BusinessTime'),
    effectiveOccurredAt: ref('BusinessTime'),
    recordedAt: instant(),
    recordedBy: ref('Actor'),
    classification: ref('ClassificationMark'),
    lateByDays: int(),
    corrections: arrayOf(ref('CorrectionShown')),
    positionChanges: arrayOf(ref('PositionChange')),
    'proposalId?': str(),
    'number?': str(),
    'title?': nullable(str()),
    'changeKind?': oneOfValues(CHANGE_KINDS),
    'text?': str(),
    'correctedText?': nullable(str()),
    'respondsTo?': nullable(str()),
    'conditional?': bool(),
    'documents?': arrayOf(freeObject()),
    'costing?': nullable(
      obj(
        {
          summary: str(),
          costs: arrayOf(obj({ fiscalYear: str({ example: '2025-26' }), amount: str({ example: '1250000.00' }), description: nullable(str()) })),
          documents: arrayOf(freeObject()),
          eventId: str(),
          classification: ref('ClassificationMark'),
        },
        { description: 'The proposal’s costing (confidential): null when none, or not for this reader' },
      ),
    ),
    'rejectedBy?': nullable(side),
    'reason?': nullable(str()),
    'taId?': str(),
    'initials?': arrayOf(
      obj({ side, signatory: str(), initialedOn: day(), eventId: str(), occurredAt: ref('BusinessTime'), recordedAt: instant(), recordedBy: ref('Actor'), lateByDays: int() }),
    ),
    'complete?': bool(),
    'withdrawn?': nullable(obj({ eventId: str(), by: side, on: day() })),
  },
  { description: 'A proposal, counterproposal or package (position), a withdrawal or package disposition, a TA, or a TA withdrawal' },
);

const ArticleChain = obj({
  ...articleHead,
  order: oneOfValues(CHAIN_ORDERS),
  acrossTheTable: nullable(obj({ from: str(), to: str(), diff: arrayOf(ref('WordDiffPart')) })),
  entries: arrayOf(ref('ArticleChainEntry'), { description: 'The chain’s entries, or with limit the latest of them (before `before`)' }),
  entryCount: int({ minimum: 0, description: 'Every entry of the chain this reader may read, not only those answered' }),
  olderBefore: nullable(str({ description: 'Pass as before (with the same order) for the entries just before these; null when these begin the chain' })),
  ...withheld,
});

const common = { ...SHARED_SCHEMAS, LastActivity };

/** A demand to bargain as its unit's list shows it: the answer GET /demands-to-bargain/:id gives. */
const DemandToBargainEntry = obj({
  demandId: str(),
  unitId: str(),
  demandedBy: side,
  decision: obj({ description: str(), kind: oneOfValues(DEMANDED_DECISION_KINDS), decidedOn: nullable(day()), 'decidedAsKnown?': ref('BusinessTime') }),
  scope: oneOfValues(DEMAND_SCOPES),
  demandedOn: day(),
  status: oneOfValues(['awaiting-answer', 'answered']),
  answer: nullable(obj({ answer: oneOfValues(DEMAND_ANSWERS), answeredBy: side, waiverBasis: nullable(str()), answeredOn: day() })),
  negotiations: arrayOf(obj({ negotiationId: str(), kind: oneOfValues(NEGOTIATION_KINDS), openedOn: day() }), { description: 'The negotiations opened on the demand, in recording order' }),
  revision: int({ description: "The demand stream's last revision" }),
});

export const NEGOTIATION_SUMMARY_SCHEMAS = { NegotiationSummary, ...common };
export const NEGOTIATION_SUMMARY_PAGE_SCHEMAS = { NegotiationSummaryPage: page('NegotiationSummary', 'A page of negotiation summaries'), NegotiationSummary, ...common };
export const UNIT_DASHBOARD_SCHEMAS = { UnitDashboard, ActiveNegotiationLine, ...common };
export const DEMAND_TO_BARGAIN_PAGE_SCHEMAS = {
  DemandToBargainPage: page('DemandToBargainEntry', 'A page of a unit’s demands to bargain, newest first'),
  DemandToBargainEntry,
  ...SHARED_SCHEMAS,
};
export const UNIT_DASHBOARD_PAGE_SCHEMAS = { UnitDashboardPage: page('UnitDashboard', 'A page of unit dashboards'), UnitDashboard, ActiveNegotiationLine, ...common };
export const ARTICLE_BOARD_SCHEMAS = { ArticleBoard, ArticleSummary, StandingPosition, ...SHARED_SCHEMAS };
export const ARTICLE_CHAIN_SCHEMAS = { ArticleChain, ArticleChainEntry, StandingPosition, WordDiffPart, CorrectionShown, PositionChange, ...SHARED_SCHEMAS };
