import type { AgreementTerm, IsoDate, Side, Statute } from '../common.js';
import { withEntry, withItem } from '#kernel';
import { own } from '../common.js';
import type { DemandId, NegotiationId, ProposalId, SessionId, StoppageId, TaId, UnitId } from '../ids.js';
import type {
  AgreedArticle,
  CorrectableEventType,
  ImpasseDeclarer,
  ImpasseForm,
  NegotiationEvent,
  NegotiationKind,
  Outcome,
  PerbDetermination,
  TaRule,
  WorkStoppageKind,
} from './events.js';

/*
 * What decisions (and the summary the HTTP layer returns) need, folded from the stream.
 * Records keyed by id or article label are plain objects (JSON-friendly); read them with `own`.
 */

export type ProposalForm = 'proposal' | 'counterproposal' | 'package';

export interface ProposalRecord {
  readonly proposalId: ProposalId;
  readonly side: Side;
  readonly number: string;
  readonly form: ProposalForm;
  readonly articles: readonly string[];
  readonly respondsTo: ProposalId | null;
  /** Packages only: on rejection the proposer returns to its prior positions. */
  readonly conditional: boolean;
  readonly status: 'on-table' | 'withdrawn' | 'rejected';
  readonly tabledOn: IsoDate;
}

/** Each side's positions on one article, in recording order; the last is the current one. */
export interface ArticlePositions {
  readonly employer: readonly ProposalId[];
  readonly union: readonly ProposalId[];
}

export interface TaSignature {
  readonly signatory: string;
  readonly initialedOn: IsoDate;
}

export interface TentativeAgreementRecord {
  readonly taId: TaId;
  readonly articles: readonly AgreedArticle[];
  readonly signatures: { readonly employer: TaSignature | null; readonly union: TaSignature | null };
  readonly withdrawn: { readonly by: Side; readonly on: IsoDate } | null;
}

export interface SessionRecord {
  readonly sessionId: SessionId;
  readonly number: number | null;
  readonly status: 'held' | 'cancelled';
  /** The day it was held, or the day it had been scheduled for. */
  readonly on: IsoDate;
  readonly articlesDiscussed: readonly string[];
}

/** Gov. Code 3547 steps, by earliest business day recorded. */
export interface SunshineRecord {
  readonly initialProposalPresentedOn: { readonly employer: IsoDate | null; readonly union: IsoDate | null };
  readonly publicCommentHeardOn: IsoDate | null;
  readonly employerProposalAdoptedOn: IsoDate | null;
  /** Subjects made public: in sunshined initial proposals or later disclosures. */
  readonly publicArticles: readonly string[];
}

export interface FactfindingRecord {
  readonly certifiedOn: IsoDate | null;
  readonly panelFormedOn: IsoDate | null;
  readonly hearingsHeld: number;
  readonly reportIssuedOn: IsoDate | null;
  readonly reportMadePublicOn: IsoDate | null;
}

export interface ImpasseRecord {
  /** Null when impasse is known only from PERB's determination (who declared it is not recorded). */
  readonly declaredBy: ImpasseDeclarer | null;
  readonly form: ImpasseForm | null;
  readonly declaredOn: IsoDate | null;
  /** Requests to PERB for a determination of impasse, in recording order. */
  readonly perbRequests: readonly { readonly requestedBy: ImpasseDeclarer; readonly on: IsoDate }[];
  readonly perbDetermination: { readonly determination: PerbDetermination; readonly on: IsoDate } | null;
  readonly mediators: readonly string[];
  readonly mediationSessionsHeld: number;
  readonly factfinding: FactfindingRecord;
}

export interface SettlementRecord {
  readonly reachedOn: IsoDate;
  readonly taIds: readonly TaId[];
  readonly term: AgreementTerm;
  readonly costsDisclosedOn: IsoDate | null;
  /** EERA 3547.5: certified by both the superintendent and the chief business official. */
  readonly costsCertified: boolean;
  readonly ratification: { readonly yes: number | null; readonly no: number | null; readonly ratified: boolean; readonly heldOn: IsoDate } | null;
  readonly approval: { readonly resolutionNumber: string | null; readonly approvedOn: IsoDate } | null;
  readonly executedOn: IsoDate | null;
}

/** A side letter or MOU executed in the negotiation, with its expiry (null: open-ended). */
export interface InstrumentRecord {
  readonly kind: 'side-letter' | 'memorandum-of-understanding';
  readonly title: string;
  readonly precedential: boolean;
  readonly executedOn: IsoDate;
  readonly expiresOn: IsoDate | null;
}

/** A strike, sick-out or lockout: noticed, begun, ended, by business day (null until recorded). */
export interface WorkStoppageRecord {
  readonly stoppageId: StoppageId;
  readonly kind: WorkStoppageKind;
  readonly by: Side;
  readonly noticeGivenOn: IsoDate | null;
  readonly beganOn: IsoDate | null;
  readonly endedOn: IsoDate | null;
}

export interface CorrectionNote {
  readonly correctedEventId: string;
  readonly correctedEventType: CorrectableEventType;
  readonly reason: string;
  readonly correctedOn: IsoDate;
}

export interface NegotiationRecord {
  readonly negotiationId: NegotiationId;
  readonly unitId: UnitId;
  readonly unitName: string;
  readonly statute: Statute;
  readonly kind: NegotiationKind;
  readonly articlesInScope: readonly string[];
  readonly expiringAgreementTerm: AgreementTerm | null;
  readonly openedOn: IsoDate;
  /** The demand to bargain it was opened on. */
  readonly demandId: DemandId | null;
  readonly groundRules: { readonly taRule: TaRule; readonly agreedOn: IsoDate } | null;
  readonly sunshine: SunshineRecord;
  readonly sessions: Readonly<Record<SessionId, SessionRecord>>;
  readonly proposals: Readonly<Record<ProposalId, ProposalRecord>>;
  readonly positions: Readonly<Record<string, ArticlePositions>>;
  readonly tentativeAgreements: Readonly<Record<TaId, TentativeAgreementRecord>>;
  /** The impasse in progress; null at the table or after PERB found no impasse. */
  readonly impasse: ImpasseRecord | null;
  /** MMBA 3505.7 public hearings on the impasse, by business day. */
  readonly impasseHearingsHeldOn: readonly IsoDate[];
  readonly imposition: { readonly imposedOn: IsoDate; readonly resolutionNumber: string | null } | null;
  /** The settlement in progress (a later one, after a failed ratification, replaces it). */
  readonly settlement: SettlementRecord | null;
  readonly sideLetters: number;
  readonly memorandaOfUnderstanding: number;
  /** The side letters and MOUs, in recording order. */
  readonly instruments: readonly InstrumentRecord[];
  readonly workStoppages: Readonly<Record<StoppageId, WorkStoppageRecord>>;
  readonly confidentialNotes: number;
  readonly corrections: readonly CorrectionNote[];
}

export type NegotiationState =
  | { readonly status: 'not-opened' }
  | ({ readonly status: 'open' } & NegotiationRecord)
  | ({ readonly status: 'concluded'; readonly outcome: Outcome; readonly concludedOn: IsoDate } & NegotiationRecord);

export type OpenedNegotiation = Exclude<NegotiationState, { status: 'not-opened' }>;

export const initialNegotiationState = (): NegotiationState => ({ status: 'not-opened' });

const NO_POSITIONS: ArticlePositions = { employer: [], union: [] };

/** The proposal a side currently holds on an article, if any. */
export function currentPosition(state: NegotiationState, article: string, side: Side): ProposalId | null {
  if (state.status === 'not-opened') return null;
  return (own(state.positions, article) ?? NO_POSITIONS)[side].at(-1) ?? null;
}

export function taIsComplete(ta: TentativeAgreementRecord): boolean {
  return ta.withdrawn === null && ta.signatures.employer !== null && ta.signatures.union !== null;
}

const earliest = (current: IsoDate | null, candidate: IsoDate): IsoDate => (current === null || candidate < current ? candidate : current);

const union = (list: readonly string[], more: readonly string[]): readonly string[] => [...new Set([...list, ...more])];

function pushPosition(positions: NegotiationRecord['positions'], articles: readonly string[], side: Side, proposalId: ProposalId) {
  let next = positions;
  for (const article of articles) {
    const current = own(next, article) ?? NO_POSITIONS;
    next = withEntry(next, article, { ...current, [side]: [...current[side], proposalId] });
  }
  return next;
}

function dropPosition(positions: NegotiationRecord['positions'], articles: readonly string[], side: Side, proposalId: ProposalId) {
  let next = positions;
  for (const article of articles) {
    const current = own(next, article);
    if (current) next = withEntry(next, article, { ...current, [side]: current[side].filter((id) => id !== proposalId) });
  }
  return next;
}

/** An impasse before anything is known of who declared it. */
function impasseOpened(): ImpasseRecord {
  return {
    declaredBy: null,
    form: null,
    declaredOn: null,
    perbRequests: [],
    perbDetermination: null,
    mediators: [],
    mediationSessionsHeld: 0,
    factfinding: { certifiedOn: null, panelFormedOn: null, hearingsHeld: 0, reportIssuedOn: null, reportMadePublicOn: null },
  };
}

function mapImpasse(record: NegotiationRecord, change: (impasse: ImpasseRecord) => ImpasseRecord): NegotiationRecord {
  return record.impasse === null ? record : { ...record, impasse: change(record.impasse) };
}

function mapFactfinding(record: NegotiationRecord, change: (factfinding: FactfindingRecord) => FactfindingRecord): NegotiationRecord {
  return mapImpasse(record, (impasse) => ({ ...impasse, factfinding: change(impasse.factfinding) }));
}

function mapSettlement(record: NegotiationRecord, change: (settlement: SettlementRecord) => SettlementRecord): NegotiationRecord {
  return record.settlement === null ? record : { ...record, settlement: change(record.settlement) };
}

function opened(event: Extract<NegotiationEvent, { type: 'NegotiationOpened' }>): OpenedNegotiation {
  const d = event.data;
  return {
    status: 'open',
    negotiationId: d.negotiationId,
    unitId: d.unitId,
    unitName: d.unitName,
    statute: d.statute,
    kind: d.kind,
    articlesInScope: d.articlesInScope,
    expiringAgreementTerm: d.expiringAgreementTerm,
    openedOn: d.openedOn,
    demandId: d.demandId ?? null,
    groundRules: null,
    sunshine: {
      initialProposalPresentedOn: { employer: null, union: null },
      publicCommentHeardOn: null,
      employerProposalAdoptedOn: null,
      publicArticles: [],
    },
    sessions: {},
    proposals: {},
    positions: {},
    tentativeAgreements: {},
    impasse: null,
    impasseHearingsHeldOn: [],
    imposition: null,
    settlement: null,
    sideLetters: 0,
    memorandaOfUnderstanding: 0,
    instruments: [],
    workStoppages: {},
    confidentialNotes: 0,
    corrections: [],
  };
}

/**
 * Pure and total: an event the decider would never have produced in this state (or of a type this
 * version does not know) leaves the state as it is rather than throwing.
 */
export function evolveNegotiation(state: NegotiationState, event: NegotiationEvent): NegotiationState {
  return evolveNegotiationSharing(state, event, null);
}

/**
 * Computes one part of an evolved state (the proposals, the positions, ...) from `inputs` alone (and
 * the event), or hands back the part already computed from the same inputs. A read model that folds
 * one negotiation several times (once per clearance level) passes one that remembers, per event, so
 * the states share what they have in common; the result is what evolveNegotiation gives.
 */
export type ComputePart = <T>(slot: string, inputs: readonly unknown[], compute: () => T) => T;

/** evolveNegotiation, each part computed through `part` (or directly, given null). */
export function evolveNegotiationSharing(state: NegotiationState, event: NegotiationEvent, part: ComputePart | null): NegotiationState {
  if (state.status === 'not-opened') return event.type === 'NegotiationOpened' ? opened(event) : state;
  if (event.type === 'NegotiationConcluded') {
    return { ...state, status: 'concluded', outcome: event.data.outcome, concludedOn: event.data.concludedOn };
  }
  // evolveRecord spreads what it is given, so status (and a conclusion) carry through.
  return evolveRecord(state, event, part) as OpenedNegotiation;
}

const computeDirectly: ComputePart = (_slot, _inputs, compute) => compute();

function evolveRecord(record: NegotiationRecord, event: NegotiationEvent, given: ComputePart | null): NegotiationRecord {
  const part = given ?? computeDirectly;
  switch (event.type) {
    case 'NegotiationOpened':
    case 'NegotiationConcluded':
      return record;
    case 'GroundRulesAgreed':
      return { ...record, groundRules: { taRule: event.data.taRule, agreedOn: event.data.agreedOn } };
    case 'InitialProposalSunshined': {
      const { side, presentedOn, articles } = event.data;
      const presented = record.sunshine.initialProposalPresentedOn;
      return {
        ...record,
        sunshine: {
          ...record.sunshine,
          initialProposalPresentedOn: { ...presented, [side]: earliest(presented[side], presentedOn) },
          publicArticles: union(record.sunshine.publicArticles, articles),
        },
      };
    }
    case 'PublicCommentHeard':
      return { ...record, sunshine: { ...record.sunshine, publicCommentHeardOn: earliest(record.sunshine.publicCommentHeardOn, event.data.heardOn) } };
    case 'EmployerProposalAdopted':
      return { ...record, sunshine: { ...record.sunshine, employerProposalAdoptedOn: earliest(record.sunshine.employerProposalAdoptedOn, event.data.adoptedOn) } };
    case 'NewSubjectMadePublic':
      return { ...record, sunshine: { ...record.sunshine, publicArticles: union(record.sunshine.publicArticles, event.data.articles) } };
    case 'SessionHeld': {
      const { sessionId, number, heldOn, articlesDiscussed } = event.data;
      return { ...record, sessions: part('sessions', [record.sessions], () => withEntry(record.sessions, sessionId, { sessionId, number, status: 'held', on: heldOn, articlesDiscussed })) };
    }
    case 'SessionCancelled': {
      const { sessionId, number, scheduledFor } = event.data;
      return { ...record, sessions: part('sessions', [record.sessions], () => withEntry(record.sessions, sessionId, { sessionId, number, status: 'cancelled', on: scheduledFor, articlesDiscussed: [] })) };
    }
    case 'ProposalTabled':
    case 'CounterproposalTabled':
    case 'PackageTabled': {
      const d = event.data;
      const articles = d.articles.map((a) => a.article);
      const proposal: ProposalRecord = {
        proposalId: d.proposalId,
        side: d.side,
        number: d.number,
        form: event.type === 'ProposalTabled' ? 'proposal' : event.type === 'CounterproposalTabled' ? 'counterproposal' : 'package',
        articles,
        respondsTo: event.type === 'ProposalTabled' ? null : event.data.respondsTo,
        conditional: event.type === 'PackageTabled' ? event.data.conditional : false,
        status: 'on-table',
        tabledOn: d.tabledOn,
      };
      return {
        ...record,
        proposals: part('proposals', [record.proposals], () => withEntry(record.proposals, d.proposalId, proposal)),
        positions: part('positions', [record.positions], () => pushPosition(record.positions, articles, d.side, d.proposalId)),
      };
    }
    case 'ProposalCostingRecorded':
      // Confidential: the table's state is the same with or without it, so every reader folds the same table.
      return record;
    case 'ProposalWithdrawn': {
      const proposal = own(record.proposals, event.data.proposalId);
      if (!proposal) return record;
      return {
        ...record,
        proposals: part('proposals', [record.proposals], () => withEntry(record.proposals, proposal.proposalId, { ...proposal, status: 'withdrawn' })),
        positions: part('positions', [record.positions, proposal], () => dropPosition(record.positions, proposal.articles, proposal.side, proposal.proposalId)),
      };
    }
    case 'PackageRejected': {
      const proposal = own(record.proposals, event.data.proposalId);
      if (!proposal) return record;
      return {
        ...record,
        proposals: part('proposals', [record.proposals], () => withEntry(record.proposals, proposal.proposalId, { ...proposal, status: 'rejected' })),
        positions: proposal.conditional ? part('positions', [record.positions, proposal], () => dropPosition(record.positions, proposal.articles, proposal.side, proposal.proposalId)) : record.positions,
      };
    }
    case 'TentativeAgreementInitialed': {
      const { taId, side, signatory, initialedOn, articles } = event.data;
      const existing = own(record.tentativeAgreements, taId);
      const ta: TentativeAgreementRecord = existing
        ? { ...existing, signatures: { ...existing.signatures, [side]: existing.signatures[side] ?? { signatory, initialedOn } } }
        : { taId, articles, signatures: { employer: null, union: null, [side]: { signatory, initialedOn } }, withdrawn: null };
      return { ...record, tentativeAgreements: part('tentativeAgreements', [record.tentativeAgreements], () => withEntry(record.tentativeAgreements, taId, ta)) };
    }
    case 'TentativeAgreementWithdrawn': {
      const ta = own(record.tentativeAgreements, event.data.taId);
      if (!ta || ta.withdrawn) return record;
      return {
        ...record,
        tentativeAgreements: part('tentativeAgreements', [record.tentativeAgreements], () => withEntry(record.tentativeAgreements, ta.taId, { ...ta, withdrawn: { by: event.data.withdrawnBy, on: event.data.withdrawnOn } })),
      };
    }
    case 'ImpasseDeclared': {
      if (record.impasse !== null) return record;
      const { declaredBy, form, declaredOn } = event.data;
      return { ...record, impasse: { ...impasseOpened(), declaredBy, form, declaredOn } };
    }
    case 'PerbImpasseDeterminationRequested': {
      const request = { requestedBy: event.data.requestedBy, on: event.data.requestedOn };
      return { ...record, impasse: { ...(record.impasse ?? impasseOpened()), perbRequests: [...(record.impasse?.perbRequests ?? []), request] } };
    }
    case 'PerbImpasseDetermined': {
      // PERB finding no impasse sends the parties back to the table.
      if (event.data.determination === 'no-impasse') return { ...record, impasse: null };
      // PERB may find impasse where no declaration was recorded (who declared it is not known).
      if (record.impasse === null) record = { ...record, impasse: impasseOpened() };
      return mapImpasse(record, (impasse) => ({ ...impasse, perbDetermination: { determination: event.data.determination, on: event.data.determinedOn } }));
    }
    case 'MediatorAppointed':
      return mapImpasse(record, (impasse) => ({ ...impasse, mediators: [...impasse.mediators, event.data.mediator] }));
    case 'MediationSessionHeld':
      return mapImpasse(record, (impasse) => ({ ...impasse, mediationSessionsHeld: impasse.mediationSessionsHeld + 1 }));
    case 'FactfindingCertified':
      return mapFactfinding(record, (ff) => ({ ...ff, certifiedOn: earliest(ff.certifiedOn, event.data.certifiedOn) }));
    case 'FactfindingPanelFormed':
      return mapFactfinding(record, (ff) => ({ ...ff, panelFormedOn: earliest(ff.panelFormedOn, event.data.formedOn) }));
    case 'FactfindingHearingHeld':
      return mapFactfinding(record, (ff) => ({ ...ff, hearingsHeld: ff.hearingsHeld + 1 }));
    case 'FactfindingReportIssued':
      return mapFactfinding(record, (ff) => ({ ...ff, reportIssuedOn: earliest(ff.reportIssuedOn, event.data.issuedOn) }));
    case 'FactfindingReportMadePublic':
      return mapFactfinding(record, (ff) => ({ ...ff, reportMadePublicOn: earliest(ff.reportMadePublicOn, event.data.madePublicOn) }));
    case 'ImpasseHearingHeld':
      return { ...record, impasseHearingsHeldOn: [...record.impasseHearingsHeldOn, event.data.heldOn] };
    case 'LastBestFinalOfferImposed':
      return { ...record, imposition: { imposedOn: event.data.imposedOn, resolutionNumber: event.data.resolutionNumber } };
    case 'SettlementReached': {
      const { reachedOn, taIds, term } = event.data;
      return {
        ...record,
        settlement: { reachedOn, taIds, term, costsDisclosedOn: null, costsCertified: false, ratification: null, approval: null, executedOn: null },
      };
    }
    case 'SettlementCostsDisclosed': {
      const { disclosedOn, certifiedBy } = event.data;
      const certified = certifiedBy.superintendent !== null && certifiedBy.chiefBusinessOfficial !== null;
      return mapSettlement(record, (s) => ({
        ...s,
        costsDisclosedOn: earliest(s.costsDisclosedOn, disclosedOn),
        costsCertified: s.costsCertified || certified,
      }));
    }
    case 'RatificationVoteHeld': {
      const { yes, no, ratified, heldOn } = event.data;
      return mapSettlement(record, (s) => ({ ...s, ratification: { yes, no, ratified, heldOn } }));
    }
    case 'GoverningBodyApproved':
      return mapSettlement(record, (s) => ({ ...s, approval: { resolutionNumber: event.data.resolutionNumber, approvedOn: event.data.approvedOn } }));
    case 'AgreementExecuted':
      return mapSettlement(record, (s) => ({ ...s, executedOn: event.data.executedOn }));
    case 'SideLetterExecuted':
      return { ...record, sideLetters: record.sideLetters + 1, instruments: [...record.instruments, instrumentOf('side-letter', event.data)] };
    case 'MemorandumOfUnderstandingExecuted':
      return { ...record, memorandaOfUnderstanding: record.memorandaOfUnderstanding + 1, instruments: [...record.instruments, instrumentOf('memorandum-of-understanding', event.data)] };
    case 'WorkStoppageNoticeGiven': {
      const { stoppageId, kind, givenBy, noticeGivenOn } = event.data;
      if (own(record.workStoppages, stoppageId)) return record;
      return { ...record, workStoppages: withEntry(record.workStoppages, stoppageId, { stoppageId, kind, by: givenBy, noticeGivenOn, beganOn: null, endedOn: null }) };
    }
    case 'WorkStoppageBegan': {
      const { stoppageId, kind, by, beganOn } = event.data;
      const noticed = own(record.workStoppages, stoppageId);
      const stoppage: WorkStoppageRecord = { stoppageId, kind, by, noticeGivenOn: noticed?.noticeGivenOn ?? null, beganOn, endedOn: noticed?.endedOn ?? null };
      return { ...record, workStoppages: withEntry(record.workStoppages, stoppageId, stoppage) };
    }
    case 'WorkStoppageEnded': {
      const stoppage = own(record.workStoppages, event.data.stoppageId);
      if (!stoppage) return record;
      return { ...record, workStoppages: withEntry(record.workStoppages, stoppage.stoppageId, { ...stoppage, endedOn: event.data.endedOn }) };
    }
    case 'ReturnToWorkAgreed':
      return record;
    case 'ConfidentialNoteRecorded':
      return { ...record, confidentialNotes: record.confidentialNotes + 1 };
    case 'CorrectionRecorded': {
      const { correctedEventId, correctedEventType, reason, correctedOn } = event.data;
      return { ...record, corrections: withItem(record.corrections, { correctedEventId, correctedEventType, reason, correctedOn }) };
    }
    default:
      return ignoreUnknown(event, record);
  }
}

function instrumentOf(kind: InstrumentRecord['kind'], d: { title: string; precedential: boolean; executedOn: IsoDate; expiresOn: IsoDate | null }): InstrumentRecord {
  return { kind, title: d.title, precedential: d.precedential, executedOn: d.executedOn, expiresOn: d.expiresOn };
}

/** Compile-time exhaustiveness; at run time an unknown (newer) event type changes nothing. */
function ignoreUnknown<S>(_event: never, state: S): S {
  return state;
}
