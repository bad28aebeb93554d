import { CLASSIFICATIONS, type ClassificationMark, assertNever, assertOccurredNotInFuture, compareDays, dayAsKnown } from '#kernel';
import {
  type IsoDate,
  SIDES,
  STATUTES,
  agreementTerm,
  asList,
  assertIsoDate,
  dayAsGiven,
  assertOneOf,
  businessDay,
  costLines,
  distinctArticles,
  documents,
  findValue,
  optionalAgreementTerm,
  optionalText,
  otherSide,
  own,
  requiredText,
  termInForceOn,
} from '../common.js';
import { assertDemandOfUnit } from '../demand-to-bargain.js';
import { BargainingErrorCode as E, refuse, unknown } from '../errors.js';
import { type ProposalId, assertBargainingId } from '../ids.js';
import type {
  AgreeGroundRules,
  AgreedArticleInput,
  ApproveByGoverningBody,
  BeginWorkStoppage,
  CancelSession,
  EndWorkStoppage,
  HoldSession,
  InitialTentativeAgreement,
  NegotiationCommand,
  OpenNegotiation,
  ProposalCostingInput,
  ProposedArticleInput,
  RecordCorrection,
  ReachSettlement,
  TableCounterproposal,
  TablePackage,
  TableProposal,
} from './commands.js';
import {
  type AgreedArticle,
  type Attendees,
  type Caucus,
  CHANGE_KINDS,
  CORRECTABLE_EVENT_TYPES,
  type CorrectableEventType,
  type GoverningBodyVote,
  IMPASSE_DECLARERS,
  IMPASSE_FORMS,
  NEGOTIATION_KINDS,
  NOTE_KINDS,
  type NegotiationEvent,
  OUTCOMES,
  PERB_DETERMINATIONS,
  type PositionReversion,
  type ProposalCosting,
  type ProposedArticle,
  TA_RULES,
  WORK_STOPPAGE_KINDS,
  type WorkStoppageKind,
} from './events.js';
import {
  type ImpasseRecord,
  type NegotiationState,
  type OpenedNegotiation,
  type ProposalRecord,
  type SettlementRecord,
  type WorkStoppageRecord,
  currentPosition,
} from './state.js';

/**
 * decide: refuses only the impossible (DOMAIN.md); every other fact is recorded, and breaches are
 * reported by `negotiationWarnings`. Each command yields one event, except a proposal, counterproposal
 * or package with costing: the proposal (internal) and then its ProposalCostingRecorded (confidential).
 */
export function decideNegotiation(command: NegotiationCommand, state: NegotiationState): NegotiationEvent[] {
  assertOccurredNotInFuture(command.metadata);
  assertBargainingId(command.data.negotiationId, 'negotiation id');
  const day = businessDay(command.metadata.occurredAt);

  if (command.type === 'OpenNegotiation') {
    if (state.status !== 'not-opened') throw refuse(E.NEGOTIATION_ALREADY_OPENED, `negotiation ${state.negotiationId} is already opened`);
    return [open(command, day)];
  }
  if (state.status === 'not-opened') {
    throw unknown(E.NEGOTIATION_NOT_OPENED, `negotiation ${command.data.negotiationId} was never opened`, { negotiationId: command.data.negotiationId });
  }
  if (command.data.negotiationId !== state.negotiationId) {
    throw refuse(E.NEGOTIATION_ID_MISMATCH, `command names negotiation ${command.data.negotiationId}, stream holds ${state.negotiationId}`);
  }
  if (state.status === 'concluded' && command.type !== 'RecordCorrection') {
    throw refuse(E.NEGOTIATION_CONCLUDED, `negotiation ${state.negotiationId} was concluded (${state.outcome}); only a correction may be recorded`);
  }
  if (command.type === 'TableProposal' || command.type === 'TableCounterproposal' || command.type === 'TablePackage') {
    return tableWithCosting(command, state, day);
  }
  return [decideOnRecord(command, state, day)];
}

type Tabling = TableProposal | TableCounterproposal | TablePackage;

/** The proposal as it crossed the table (internal), then its costing, if any, as a separate confidential fact. */
function tableWithCosting(command: Tabling, state: OpenedNegotiation, day: IsoDate): NegotiationEvent[] {
  const proposal = tabledProposal(command, state, day);
  const costed = costing(command.data.costing);
  if (costed === null) return [proposal];
  const { negotiationId, proposalId, side } = proposal.data;
  return [proposal, { type: 'ProposalCostingRecorded', data: { negotiationId, proposalId, side, ...costed, tabledOn: day } }];
}

function tabledProposal(command: Tabling, state: OpenedNegotiation, day: IsoDate): Extract<NegotiationEvent, { type: 'ProposalTabled' | 'CounterproposalTabled' | 'PackageTabled' }> {
  switch (command.type) {
    case 'TableProposal':
      return { type: 'ProposalTabled', data: tabled(command, state, day) };

    case 'TableCounterproposal': {
      const respondsTo = respondedProposal(command.data.respondsTo, command.data.side, state);
      return { type: 'CounterproposalTabled', data: { ...tabled(command, state, day), respondsTo } };
    }

    case 'TablePackage': {
      const data = tabled(command, state, day);
      if (data.articles.length < 2) {
        throw refuse(E.PACKAGE_NEEDS_SEVERAL_ARTICLES, `a package covers several articles; ${command.data.proposalId} names ${data.articles.length}`);
      }
      if (typeof command.data.conditional !== 'boolean') throw refuse(E.INVALID_VALUE, 'conditional must be true or false', { field: 'conditional' });
      const respondsTo = command.data.respondsTo == null ? null : respondedProposal(command.data.respondsTo, command.data.side, state);
      return { type: 'PackageTabled', data: { ...data, conditional: command.data.conditional, respondsTo } };
    }

    default:
      return assertNever(command);
  }
}

function decideOnRecord(command: Exclude<NegotiationCommand, OpenNegotiation | Tabling>, state: OpenedNegotiation, day: IsoDate): NegotiationEvent {
  const negotiationId = state.negotiationId;
  switch (command.type) {
    case 'AgreeGroundRules':
      return groundRules(command, day);

    case 'SunshineInitialProposal': {
      const d = command.data;
      assertOneOf(d.side, SIDES, 'side');
      return {
        type: 'InitialProposalSunshined',
        data: {
          negotiationId,
          side: d.side,
          boardMeeting: requiredText(d.boardMeeting, 'boardMeeting'),
          articles: distinctArticles(d.articles, 'articles', { required: false }),
          summary: optionalText(d.summary),
          documents: documents(d.documents),
          presentedOn: day,
        },
      };
    }

    case 'HearPublicComment':
      return {
        type: 'PublicCommentHeard',
        data: { negotiationId, boardMeeting: requiredText(command.data.boardMeeting, 'boardMeeting'), summary: optionalText(command.data.summary), heardOn: day },
      };

    case 'AdoptEmployerProposal':
      return {
        type: 'EmployerProposalAdopted',
        data: {
          negotiationId,
          boardMeeting: requiredText(command.data.boardMeeting, 'boardMeeting'),
          resolutionNumber: optionalText(command.data.resolutionNumber),
          adoptedOn: day,
        },
      };

    case 'MakeNewSubjectPublic': {
      const d = command.data;
      assertOneOf(d.side, SIDES, 'side');
      return {
        type: 'NewSubjectMadePublic',
        data: { negotiationId, side: d.side, articles: distinctArticles(d.articles, 'articles', { required: true }), how: requiredText(d.how, 'how'), madePublicOn: day },
      };
    }

    case 'HoldSession':
      return holdSession(command, state, day);

    case 'CancelSession':
      return cancelSession(command, state);

    case 'WithdrawProposal': {
      const proposal = proposalOnTable(command.data.proposalId, state);
      return {
        type: 'ProposalWithdrawn',
        data: {
          negotiationId,
          proposalId: proposal.proposalId,
          side: proposal.side,
          reason: optionalText(command.data.reason),
          revertedPositions: reversions(proposal, state),
          withdrawnOn: day,
        },
      };
    }

    case 'RejectPackage': {
      const proposal = proposalOnTable(command.data.proposalId, state);
      if (proposal.form !== 'package') throw refuse(E.NOT_A_PACKAGE, `proposal ${proposal.proposalId} is a ${proposal.form}, not a package`);
      return {
        type: 'PackageRejected',
        data: {
          negotiationId,
          proposalId: proposal.proposalId,
          rejectedBy: otherSide(proposal.side),
          reason: optionalText(command.data.reason),
          revertedPositions: proposal.conditional ? reversions(proposal, state) : [],
          rejectedOn: day,
        },
      };
    }

    case 'InitialTentativeAgreement':
      return initialTentativeAgreement(command, state, day);

    case 'WithdrawTentativeAgreement': {
      const d = command.data;
      assertOneOf(d.withdrawnBy, SIDES, 'withdrawnBy');
      const ta = own(state.tentativeAgreements, d.taId);
      if (!ta) throw unknown(E.TENTATIVE_AGREEMENT_NOT_FOUND, `no tentative agreement ${d.taId} in this negotiation`, { taId: d.taId });
      if (ta.withdrawn) throw refuse(E.TA_WITHDRAWN, `tentative agreement ${d.taId} was already withdrawn`);
      return { type: 'TentativeAgreementWithdrawn', data: { negotiationId, taId: ta.taId, withdrawnBy: d.withdrawnBy, reason: optionalText(d.reason), withdrawnOn: day } };
    }

    case 'DeclareImpasse': {
      const d = command.data;
      assertOneOf(d.declaredBy, IMPASSE_DECLARERS, 'declaredBy');
      assertOneOf(d.form, IMPASSE_FORMS, 'form');
      return { type: 'ImpasseDeclared', data: { negotiationId, declaredBy: d.declaredBy, form: d.form, statement: optionalText(d.statement), declaredOn: day } };
    }

    case 'RequestPerbImpasseDetermination': {
      const d = command.data;
      assertOneOf(d.requestedBy, IMPASSE_DECLARERS, 'requestedBy');
      return {
        type: 'PerbImpasseDeterminationRequested',
        data: { negotiationId, requestedBy: d.requestedBy, caseNumber: optionalText(d.caseNumber), statement: optionalText(d.statement), documents: documents(d.documents), requestedOn: day },
      };
    }

    // PERB's determination stands on its own: recordable without a declaration (or knowing who declared).
    case 'RecordPerbImpasseDetermination':
      assertOneOf(command.data.determination, PERB_DETERMINATIONS, 'determination');
      return {
        type: 'PerbImpasseDetermined',
        data: { negotiationId, determination: command.data.determination, caseNumber: optionalText(command.data.caseNumber), determinedOn: day },
      };

    case 'AppointMediator':
      requireImpasse(state, 'a mediator appointment');
      return {
        type: 'MediatorAppointed',
        data: { negotiationId, mediator: requiredText(command.data.mediator, 'mediator'), appointedBy: optionalText(command.data.appointedBy), appointedOn: day },
      };

    case 'HoldMediationSession':
      requireImpasse(state, 'a mediation session');
      return {
        type: 'MediationSessionHeld',
        data: { negotiationId, mediator: optionalText(command.data.mediator), place: optionalText(command.data.place), summary: optionalText(command.data.summary), heldOn: day },
      };

    case 'CertifyFactfinding':
      requireImpasse(state, 'certification to factfinding');
      return { type: 'FactfindingCertified', data: { negotiationId, caseNumber: optionalText(command.data.caseNumber), certifiedOn: day } };

    case 'FormFactfindingPanel':
      requireImpasse(state, 'a factfinding panel');
      return {
        type: 'FactfindingPanelFormed',
        data: {
          negotiationId,
          chair: requiredText(command.data.chair, 'chair'),
          employerMember: optionalText(command.data.employerMember),
          unionMember: optionalText(command.data.unionMember),
          formedOn: day,
        },
      };

    case 'HoldFactfindingHearing':
      requireImpasse(state, 'a factfinding hearing');
      return { type: 'FactfindingHearingHeld', data: { negotiationId, place: optionalText(command.data.place), summary: optionalText(command.data.summary), heldOn: day } };

    case 'IssueFactfindingReport':
      requireImpasse(state, 'a factfinding report');
      return {
        type: 'FactfindingReportIssued',
        data: { negotiationId, summary: optionalText(command.data.summary), documents: documents(command.data.documents), issuedOn: day },
      };

    case 'MakeFactfindingReportPublic': {
      const impasse = requireImpasse(state, 'publication of a factfinding report');
      if (impasse.factfinding.reportIssuedOn === null) {
        throw refuse(E.FACTFINDING_REPORT_NOT_ISSUED, 'no factfinding report has been issued to make public');
      }
      return {
        type: 'FactfindingReportMadePublic',
        data: { negotiationId, how: optionalText(command.data.how), documents: documents(command.data.documents), madePublicOn: day },
      };
    }

    case 'HoldImpasseHearing':
      return {
        type: 'ImpasseHearingHeld',
        data: { negotiationId, governingBody: requiredText(command.data.governingBody, 'governingBody'), summary: optionalText(command.data.summary), heldOn: day },
      };

    case 'ImposeLastBestFinalOffer': {
      const d = command.data;
      return {
        type: 'LastBestFinalOfferImposed',
        data: {
          negotiationId,
          governingBody: requiredText(d.governingBody, 'governingBody'),
          resolutionNumber: optionalText(d.resolutionNumber),
          articles: distinctArticles(d.articles, 'articles', { required: false }),
          summary: requiredText(d.summary, 'summary'),
          documents: documents(d.documents),
          imposedOn: day,
        },
      };
    }

    case 'ReachSettlement':
      return reachSettlement(command, state, day);

    case 'DiscloseSettlementCosts': {
      requireSettlement(state, 'a cost disclosure');
      const d = command.data;
      return {
        type: 'SettlementCostsDisclosed',
        data: {
          negotiationId,
          meeting: optionalText(d.meeting),
          summary: requiredText(d.summary, 'summary'),
          costs: costLines(d.costs),
          certifiedBy: { superintendent: optionalText(d.certifiedBy?.superintendent), chiefBusinessOfficial: optionalText(d.certifiedBy?.chiefBusinessOfficial) },
          documents: documents(d.documents),
          disclosedOn: day,
        },
      };
    }

    case 'HoldRatificationVote': {
      requireSettlement(state, 'a ratification vote');
      const yes = command.data.yes == null ? null : voteCount(command.data.yes, 'yes');
      const no = command.data.no == null ? null : voteCount(command.data.no, 'no');
      const stated = command.data.ratified ?? null;
      if (stated !== null && typeof stated !== 'boolean') throw refuse(E.INVALID_VALUE, 'ratified must be true or false', { field: 'ratified' });
      const counted = yes !== null && no !== null ? yes > no : null;
      if (counted === null && stated === null) throw refuse(E.INVALID_VALUE, 'without both counts, say whether the agreement was ratified', { field: 'ratified' });
      if (counted !== null && stated !== null && counted !== stated) {
        throw refuse(E.INVALID_VALUE, `${yes} yes and ${no} no ${counted ? 'ratify' : 'do not ratify'}; ratified says otherwise`, { field: 'ratified' });
      }
      return { type: 'RatificationVoteHeld', data: { negotiationId, yes, no, ratified: counted ?? stated!, heldOn: day } };
    }

    case 'ApproveByGoverningBody':
      requireSettlement(state, 'governing-body approval');
      return {
        type: 'GoverningBodyApproved',
        data: {
          negotiationId,
          governingBody: requiredText(command.data.governingBody, 'governingBody'),
          resolutionNumber: optionalText(command.data.resolutionNumber),
          meeting: optionalText(command.data.meeting),
          vote: governingBodyVote(command.data.vote),
          approvedOn: day,
        },
      };

    case 'ExecuteAgreement': {
      const settlement = requireSettlement(state, 'an executed agreement');
      return {
        type: 'AgreementExecuted',
        data: {
          negotiationId,
          term: optionalAgreementTerm(command.data.term, 'term') ?? settlement.term,
          signatories: attendees(command.data.signatories, 'signatories'),
          documents: documents(command.data.documents),
          executedOn: day,
        },
      };
    }

    case 'ConcludeNegotiation': {
      const { outcome } = command.data;
      assertOneOf(outcome, OUTCOMES, 'outcome');
      if (outcome === 'settled' && state.settlement === null) {
        throw refuse(E.CONCLUSION_INCONSISTENT, 'a negotiation concludes as settled only after a settlement is recorded');
      }
      if (outcome === 'imposed' && state.imposition === null) {
        throw refuse(E.CONCLUSION_INCONSISTENT, 'a negotiation concludes as imposed only after an imposition is recorded');
      }
      return { type: 'NegotiationConcluded', data: { negotiationId, outcome, summary: optionalText(command.data.summary), concludedOn: day } };
    }

    case 'ExecuteSideLetter':
    case 'ExecuteMemorandumOfUnderstanding': {
      const d = command.data;
      if (typeof d.precedential !== 'boolean') throw refuse(E.INVALID_VALUE, 'precedential must be true or false', { field: 'precedential' });
      if (d.expiresOn != null) assertIsoDate(d.expiresOn, 'expiresOn');
      const data = {
        negotiationId,
        title: requiredText(d.title, 'title'),
        articles: distinctArticles(d.articles, 'articles', { required: false }),
        text: requiredText(d.text, 'text'),
        precedential: d.precedential,
        expiresOn: d.expiresOn ?? null,
        signatories: attendees(d.signatories, 'signatories'),
        documents: documents(d.documents),
        executedOn: day,
      };
      return command.type === 'ExecuteSideLetter' ? { type: 'SideLetterExecuted', data } : { type: 'MemorandumOfUnderstandingExecuted', data };
    }

    case 'GiveWorkStoppageNotice': {
      const d = command.data;
      const stoppageId = newStoppageId(d.stoppageId, state);
      const kind = stoppageKind(d.kind);
      if (d.plannedStartOn != null) assertIsoDate(d.plannedStartOn, 'plannedStartOn');
      return {
        type: 'WorkStoppageNoticeGiven',
        data: {
          negotiationId,
          stoppageId,
          kind,
          givenBy: actingSide(kind),
          plannedStartOn: d.plannedStartOn ?? null,
          estimatedParticipants: estimatedParticipants(d.estimatedParticipants),
          statement: optionalText(d.statement),
          documents: documents(d.documents),
          noticeGivenOn: day,
        },
      };
    }

    case 'BeginWorkStoppage':
      return beginWorkStoppage(command, state, day);

    case 'EndWorkStoppage':
      return endWorkStoppage(command, state, day);

    case 'AgreeReturnToWork': {
      const d = command.data;
      const stoppageId = d.stoppageId == null ? null : recordedStoppage(d.stoppageId, state).stoppageId;
      return { type: 'ReturnToWorkAgreed', data: { negotiationId, stoppageId, terms: requiredText(d.terms, 'terms'), documents: documents(d.documents), agreedOn: day } };
    }

    case 'RecordConfidentialNote': {
      const d = command.data;
      assertOneOf(d.kind, NOTE_KINDS, 'kind');
      const sessionId = d.sessionId ?? null;
      if (sessionId !== null && !own(state.sessions, sessionId)) {
        throw unknown(E.SESSION_NOT_FOUND, `no session ${sessionId} in this negotiation`, { sessionId });
      }
      return {
        type: 'ConfidentialNoteRecorded',
        data: {
          negotiationId,
          kind: d.kind,
          title: requiredText(d.title, 'title'),
          body: requiredText(d.body, 'body'),
          author: optionalText(d.author),
          sessionId,
          documents: documents(d.documents),
          notedOn: day,
        },
      };
    }

    case 'RecordCorrection':
      return correction(command, state, day);

    default:
      return assertNever(command);
  }
}

function open(command: OpenNegotiation, day: IsoDate): NegotiationEvent {
  const d = command.data;
  const unit = d.unit;
  assertBargainingId(unit?.unitId, 'unit id');
  assertOneOf(unit.statute, STATUTES, 'unit.statute');
  assertOneOf(d.kind, NEGOTIATION_KINDS, 'kind');
  const notice = dayAsGiven(d.writtenNoticeGivenOn, d.writtenNoticeGiven, 'writtenNoticeGivenOn', 'writtenNoticeGiven');
  const demand = d.demand ?? null;
  if (demand !== null) assertDemandOfUnit(demand, unit.unitId);
  // Not the unit's current term: the one in force when this negotiation opened (it may be historic).
  const unitTerms = unit.agreementTerms ?? (unit.currentAgreementTerm ? [unit.currentAgreementTerm] : []);
  const expiring = d.expiringAgreementTerm === undefined ? termInForceOn(unitTerms, day) : d.expiringAgreementTerm;
  return {
    type: 'NegotiationOpened',
    data: {
      negotiationId: d.negotiationId,
      unitId: unit.unitId,
      unitName: requiredText(unit.name, 'unit.name'),
      employer: requiredText(unit.employer, 'unit.employer'),
      employeeOrganization: requiredText(unit.employeeOrganization, 'unit.employeeOrganization'),
      statute: unit.statute,
      kind: d.kind,
      articlesInScope: distinctArticles(d.articlesInScope, 'articlesInScope', { required: false }),
      expiringAgreementTerm: optionalAgreementTerm(expiring, 'expiringAgreementTerm'),
      subject: optionalText(d.subject),
      writtenNoticeGivenOn: notice.day,
      ...(notice.asKnown && { writtenNoticeGivenAsKnown: notice.asKnown }),
      demandId: demand?.demandId ?? null,
      openedOn: day,
    },
  };
}

function groundRules(command: AgreeGroundRules, day: IsoDate): NegotiationEvent {
  assertOneOf(command.data.taRule, TA_RULES, 'taRule');
  return { type: 'GroundRulesAgreed', data: { negotiationId: command.data.negotiationId, taRule: command.data.taRule, terms: optionalText(command.data.terms), agreedOn: day } };
}

function sessionNumber(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw refuse(E.INVALID_SESSION_NUMBER, `a session number is a positive integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

function clockTime(value: unknown, field: string): string | null {
  if (value == null) return null;
  if (typeof value !== 'string' || !CLOCK_TIME.test(value)) throw refuse(E.INVALID_VALUE, `${field} is a local time HH:MM, not ${JSON.stringify(value)}`, { field });
  return value;
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** A session's length as known: both times (hours derived), hours alone, or nothing; never contradictory. */
function sessionLength(d: HoldSession['data']): { startTime: string | null; endTime: string | null; hours: number | null } {
  const startTime = clockTime(d.startTime, 'startTime');
  const endTime = clockTime(d.endTime, 'endTime');
  let hours: number | null = null;
  if (d.hours != null) {
    if (typeof d.hours !== 'number' || !Number.isFinite(d.hours) || d.hours <= 0 || d.hours > 24) throw refuse(E.INVALID_VALUE, 'hours is a length above 0 and at most 24', { field: 'hours' });
    hours = d.hours;
  }
  if (startTime !== null && endTime !== null) {
    const minutes = minutesOf(endTime) - minutesOf(startTime);
    if (minutes <= 0) throw refuse(E.INVALID_VALUE, `the session ends (${endTime}) before it starts (${startTime})`, { field: 'endTime' });
    const derived = Math.round((minutes / 60) * 100) / 100;
    if (hours !== null && Math.abs(hours - derived) > 0.01) throw refuse(E.INVALID_VALUE, `hours ${hours} contradicts ${startTime}–${endTime} (${derived})`, { field: 'hours' });
    hours = derived;
  }
  return { startTime, endTime, hours };
}

/** The session's caucuses, when any were recorded: a side each, and a length no longer than the session's when both are known. */
function caucuses(d: HoldSession['data']): { caucuses?: Caucus[] } {
  if (d.caucuses == null || (Array.isArray(d.caucuses) && d.caucuses.length === 0)) return {};
  if (!Array.isArray(d.caucuses)) throw refuse(E.INVALID_VALUE, 'caucuses is a list', { field: 'caucuses' });
  const { hours } = sessionLength(d);
  const list = d.caucuses.map((caucus, index) => {
    const field = `caucuses[${index}]`;
    assertOneOf(caucus?.side, SIDES, `${field}.side`);
    const minutes = caucus.minutes ?? null;
    if (minutes !== null && (!Number.isInteger(minutes) || minutes < 1 || minutes > 24 * 60)) {
      throw refuse(E.INVALID_VALUE, `${field}.minutes is a whole number of minutes from 1 to 1440`, { field: `${field}.minutes` });
    }
    if (minutes !== null && hours !== null && minutes > hours * 60) {
      throw refuse(E.INVALID_VALUE, `a caucus of ${minutes} minutes is longer than the session (${hours} h)`, { field: `${field}.minutes` });
    }
    return { side: caucus.side, minutes };
  });
  return { caucuses: list };
}

function newSessionId(sessionId: unknown, state: OpenedNegotiation): string {
  assertBargainingId(sessionId, 'session id');
  if (own(state.sessions, sessionId)) throw refuse(E.SESSION_ALREADY_RECORDED, `session ${sessionId} is already recorded`, { sessionId });
  return sessionId;
}

function holdSession(command: HoldSession, state: OpenedNegotiation, day: IsoDate): NegotiationEvent {
  const d = command.data;
  const sessionId = newSessionId(d.sessionId, state);
  const number = sessionNumber(d.number);
  const taken = findValue(state.sessions, (s) => s.status === 'held' && s.number === number);
  if (taken) throw refuse(E.SESSION_NUMBER_TAKEN, `session number ${number} is already held session ${taken.sessionId}`, { number, sessionId: taken.sessionId });
  return {
    type: 'SessionHeld',
    data: {
      negotiationId: state.negotiationId,
      sessionId,
      number,
      place: requiredText(d.place, 'place'),
      attendees: attendees(d.attendees, 'attendees'),
      articlesDiscussed: distinctArticles(d.articlesDiscussed, 'articlesDiscussed', { required: false }),
      summary: optionalText(d.summary),
      ...sessionLength(d),
      ...caucuses(d),
      heldOn: day,
    },
  };
}

function cancelSession(command: CancelSession, state: OpenedNegotiation): NegotiationEvent {
  const d = command.data;
  const sessionId = newSessionId(d.sessionId, state);
  assertIsoDate(d.scheduledFor, 'scheduledFor');
  assertOneOf(d.cancelledBy, SIDES, 'cancelledBy');
  return {
    type: 'SessionCancelled',
    data: {
      negotiationId: state.negotiationId,
      sessionId,
      number: d.number == null ? null : sessionNumber(d.number),
      scheduledFor: d.scheduledFor,
      cancelledBy: d.cancelledBy,
      noticeGivenAt: command.metadata.occurredAt.at,
      reason: requiredText(d.reason, 'reason'),
    },
  };
}

function attendees(value: Attendees, field: string): Attendees {
  const list = (names: readonly string[] | undefined, side: string) => {
    if (!Array.isArray(names)) throw refuse(E.INVALID_VALUE, `${field}.${side} must be a list of names`, { field: `${field}.${side}` });
    return names.map((name, index) => requiredText(name, `${field}.${side}[${index}]`));
  };
  return { employer: list(value?.employer, 'employer'), union: list(value?.union, 'union') };
}

function proposedArticles(input: readonly ProposedArticleInput[] | undefined): ProposedArticle[] {
  const list = asList(input, 'articles');
  const labels = distinctArticles(list.map((a) => a?.article), 'articles', { required: true });
  return list.map((a, index) => {
    assertOneOf(a.changeKind, CHANGE_KINDS, `articles[${index}].changeKind`);
    // Deleting an article or keeping current language may carry no new text.
    const text = a.changeKind === 'new' || a.changeKind === 'amend' ? requiredText(a.text, `articles[${index}].text`) : typeof a.text === 'string' ? a.text : '';
    return { article: labels[index]!, title: optionalText(a.title), changeKind: a.changeKind, text };
  });
}

function costing(input: ProposalCostingInput | null | undefined): ProposalCosting | null {
  if (input == null) return null;
  return { summary: requiredText(input.summary, 'costing.summary'), costs: costLines(input.costs, 'costing.costs'), documents: documents(input.documents, 'costing.documents') };
}

function tabled(command: Tabling, state: OpenedNegotiation, day: IsoDate) {
  const d = command.data;
  assertBargainingId(d.proposalId, 'proposal id');
  if (own(state.proposals, d.proposalId)) throw refuse(E.PROPOSAL_ALREADY_TABLED, `proposal ${d.proposalId} is already recorded`, { proposalId: d.proposalId });
  assertOneOf(d.side, SIDES, 'side');
  return {
    negotiationId: state.negotiationId,
    proposalId: d.proposalId,
    side: d.side,
    number: requiredText(d.number, 'number'),
    articles: proposedArticles(d.articles),
    documents: documents(d.documents),
    tabledOn: day,
  };
}

function findProposal(proposalId: ProposalId, state: OpenedNegotiation): ProposalRecord {
  const proposal = typeof proposalId === 'string' ? own(state.proposals, proposalId) : undefined;
  if (!proposal) throw unknown(E.PROPOSAL_NOT_FOUND, `no proposal ${proposalId} in this negotiation`, { proposalId });
  return proposal;
}

/** A counterproposal answers a proposal that exists here and was made by the other side. */
function respondedProposal(proposalId: ProposalId, side: unknown, state: OpenedNegotiation): ProposalId {
  const proposal = findProposal(proposalId, state);
  if (proposal.side === side) {
    throw refuse(E.COUNTER_TO_OWN_PROPOSAL, `proposal ${proposalId} is the ${proposal.side}'s own; a counterproposal answers the other side`, { proposalId });
  }
  return proposal.proposalId;
}

function proposalOnTable(proposalId: ProposalId, state: OpenedNegotiation): ProposalRecord {
  const proposal = findProposal(proposalId, state);
  if (proposal.status !== 'on-table') {
    throw refuse(E.PROPOSAL_NOT_ON_TABLE, `proposal ${proposalId} was already ${proposal.status}`, { proposalId, status: proposal.status });
  }
  return proposal;
}

/** Where taking this proposal off the table leaves its side: the earlier position on each article it currently holds. */
function reversions(proposal: ProposalRecord, state: OpenedNegotiation): PositionReversion[] {
  return proposal.articles
    .filter((article) => currentPosition(state, article, proposal.side) === proposal.proposalId)
    .map((article) => {
      const stack = own(state.positions, article)![proposal.side].filter((id) => id !== proposal.proposalId);
      return { article, side: proposal.side, revertsTo: stack.at(-1) ?? null };
    });
}

function agreedArticles(input: readonly AgreedArticleInput[] | undefined): AgreedArticle[] {
  const list = asList(input, 'articles');
  const labels = distinctArticles(list.map((a) => a?.article), 'articles', { required: true });
  return list.map((a, index) => ({ article: labels[index]!, title: optionalText(a.title), text: requiredText(a.text, `articles[${index}].text`) }));
}

function sameAgreedText(a: readonly AgreedArticle[], b: readonly AgreedArticle[]): boolean {
  if (a.length !== b.length) return false;
  const byLabel = new Map(a.map((article) => [article.article, article.text]));
  return b.every((article) => byLabel.get(article.article) === article.text);
}

function initialTentativeAgreement(command: InitialTentativeAgreement, state: OpenedNegotiation, day: IsoDate): NegotiationEvent {
  const d = command.data;
  assertBargainingId(d.taId, 'tentative agreement id');
  assertOneOf(d.side, SIDES, 'side');
  const signatory = requiredText(d.signatory, 'signatory');
  const existing = own(state.tentativeAgreements, d.taId);
  const base = { negotiationId: state.negotiationId, taId: d.taId, side: d.side, signatory, initialedOn: day };
  if (!existing) {
    return { type: 'TentativeAgreementInitialed', data: { ...base, articles: agreedArticles(d.articles), completesAgreement: false } };
  }
  if (existing.withdrawn) throw refuse(E.TA_WITHDRAWN, `tentative agreement ${d.taId} was withdrawn; initial a new one`);
  if (existing.signatures[d.side]) {
    throw refuse(E.TA_ALREADY_SIGNED_BY_SIDE, `the ${d.side} already initialed tentative agreement ${d.taId}`, { taId: d.taId, side: d.side });
  }
  if (d.articles != null && !sameAgreedText(existing.articles, agreedArticles(d.articles))) {
    throw refuse(E.TA_TEXT_MISMATCH, `the ${d.side}'s initial on ${d.taId} names other articles or text than the first initial`, { taId: d.taId });
  }
  return { type: 'TentativeAgreementInitialed', data: { ...base, articles: existing.articles, completesAgreement: true } };
}

function requireImpasse(state: OpenedNegotiation, what: string): ImpasseRecord {
  if (state.impasse === null) throw refuse(E.NOT_AT_IMPASSE, `${what} needs a declared impasse; record the declaration first`);
  return state.impasse;
}

function requireSettlement(state: OpenedNegotiation, what: string): SettlementRecord {
  if (state.settlement === null) throw refuse(E.SETTLEMENT_NOT_REACHED, `${what} needs a settlement; record the settlement first`);
  return state.settlement;
}

function reachSettlement(command: ReachSettlement, state: OpenedNegotiation, day: IsoDate): NegotiationEvent {
  const d = command.data;
  const taIds = [...new Set(asList(d.taIds, 'taIds'))];
  if (taIds.length === 0) throw refuse(E.SETTLEMENT_WITHOUT_TA, 'a settlement names the tentative agreements it includes');
  for (const taId of taIds) {
    const ta = typeof taId === 'string' ? own(state.tentativeAgreements, taId) : undefined;
    if (!ta) throw unknown(E.TENTATIVE_AGREEMENT_NOT_FOUND, `the settlement cites tentative agreement ${taId}, unknown in this negotiation`, { taId });
    if (ta.withdrawn) throw refuse(E.TA_WITHDRAWN, `the settlement cites tentative agreement ${taId}, which was withdrawn`, { taId });
  }
  return {
    type: 'SettlementReached',
    data: {
      negotiationId: state.negotiationId,
      taIds,
      term: agreementTerm(d.term, 'term'),
      summary: requiredText(d.summary, 'summary'),
      costs: costLines(d.costs),
      reachedOn: day,
    },
  };
}

function governingBodyVote(vote: ApproveByGoverningBody['data']['vote']): GoverningBodyVote | null {
  if (vote == null) return null;
  const count = (value: number | null | undefined, field: string) => (value == null ? null : voteCount(value, `vote.${field}`));
  return { ayes: count(vote.ayes, 'ayes'), noes: count(vote.noes, 'noes'), abstentions: count(vote.abstentions, 'abstentions'), absent: count(vote.absent, 'absent') };
}

function voteCount(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw refuse(E.INVALID_VOTE_COUNT, `${field} must be a whole number of votes, not ${JSON.stringify(value)}`, { field });
  }
  return value;
}

function stoppageKind(kind: unknown): WorkStoppageKind {
  assertOneOf(kind, WORK_STOPPAGE_KINDS, 'kind');
  return kind;
}

/** A strike or sick-out is the union's act; a lockout the employer's. */
const actingSide = (kind: WorkStoppageKind) => (kind === 'lockout' ? 'employer' : 'union');

function estimatedParticipants(value: unknown): number | null {
  if (value == null) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw refuse(E.INVALID_VALUE, `estimatedParticipants is a whole number of employees, not ${JSON.stringify(value)}`, { field: 'estimatedParticipants' });
  }
  return value;
}

function newStoppageId(stoppageId: unknown, state: OpenedNegotiation): string {
  assertBargainingId(stoppageId, 'stoppage id');
  if (own(state.workStoppages, stoppageId)) throw refuse(E.WORK_STOPPAGE_ALREADY_RECORDED, `work stoppage ${stoppageId} is already recorded`, { stoppageId });
  return stoppageId;
}

function recordedStoppage(stoppageId: unknown, state: OpenedNegotiation): WorkStoppageRecord {
  const stoppage = typeof stoppageId === 'string' ? own(state.workStoppages, stoppageId) : undefined;
  if (!stoppage) throw refuse(E.WORK_STOPPAGE_NOT_RECORDED, `no work stoppage ${String(stoppageId)} is recorded in this negotiation`, { stoppageId });
  return stoppage;
}

/** A stoppage begins under a noticed stoppage's id, or as a new one (not every stoppage is announced). */
function beginWorkStoppage(command: BeginWorkStoppage, state: OpenedNegotiation, day: IsoDate): NegotiationEvent {
  const d = command.data;
  const kind = stoppageKind(d.kind);
  let noticeGivenOn: IsoDate | null = null;
  if (d.noticed) {
    const noticed = recordedStoppage(d.stoppageId, state);
    if (noticed.beganOn !== null) throw refuse(E.WORK_STOPPAGE_ALREADY_BEGAN, `work stoppage ${noticed.stoppageId} already began on ${noticed.beganOn}`, { stoppageId: noticed.stoppageId });
    noticeGivenOn = noticed.noticeGivenOn;
  } else {
    newStoppageId(d.stoppageId, state);
  }
  return {
    type: 'WorkStoppageBegan',
    data: {
      negotiationId: state.negotiationId,
      stoppageId: d.stoppageId,
      kind,
      by: actingSide(kind),
      noticeGivenOn,
      estimatedParticipants: estimatedParticipants(d.estimatedParticipants),
      summary: optionalText(d.summary),
      beganOn: day,
    },
  };
}

function endWorkStoppage(command: EndWorkStoppage, state: OpenedNegotiation, day: IsoDate): NegotiationEvent {
  const d = command.data;
  const stoppage = recordedStoppage(d.stoppageId, state);
  const { stoppageId, beganOn } = stoppage;
  if (beganOn === null) throw refuse(E.WORK_STOPPAGE_NOT_BEGUN, `work stoppage ${stoppageId} was noticed but never began; record its beginning first`, { stoppageId });
  if (stoppage.endedOn !== null) throw refuse(E.WORK_STOPPAGE_ALREADY_ENDED, `work stoppage ${stoppageId} already ended on ${stoppage.endedOn}`, { stoppageId });
  // Refused only when certainly before: an end known as a month or a range may still follow the beginning.
  if (compareDays(command.metadata.occurredAt, beganOn) === 'before') throw refuse(E.WORK_STOPPAGE_ENDS_BEFORE_IT_BEGAN, `work stoppage ${stoppageId} began on ${beganOn}; it cannot end on ${dayAsKnown(command.metadata.occurredAt)}`, { stoppageId, beganOn });
  return {
    type: 'WorkStoppageEnded',
    data: {
      negotiationId: state.negotiationId,
      stoppageId,
      kind: stoppage.kind,
      by: stoppage.by,
      estimatedParticipants: estimatedParticipants(d.estimatedParticipants),
      summary: optionalText(d.summary),
      endedOn: day,
    },
  };
}

function correction(command: RecordCorrection, state: OpenedNegotiation, day: IsoDate): NegotiationEvent {
  const d = command.data;
  const correctedEventId = requiredText(d.correctedEventId, 'correctedEventId');
  if (!CORRECTABLE_EVENT_TYPES.includes(d.correctedEventType as CorrectableEventType)) {
    throw refuse(E.EVENT_NOT_CORRECTABLE, `${String(d.correctedEventType)} is not a correctable negotiation fact`, { correctedEventType: d.correctedEventType });
  }
  const fields = d.correctedFields;
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
    throw refuse(E.INVALID_VALUE, 'correctedFields must be an object of corrected values by field', { field: 'correctedFields' });
  }
  if (Object.keys(fields).length === 0) throw refuse(E.CORRECTION_CHANGES_NOTHING, 'a correction names at least one corrected field');
  return {
    type: 'CorrectionRecorded',
    data: {
      negotiationId: state.negotiationId,
      correctedEventId,
      correctedEventType: d.correctedEventType as CorrectableEventType,
      reason: requiredText(d.reason, 'reason'),
      correctedFields: fields,
      correctedEventClassification: classificationMark(d.correctedEventClassification),
      correctedOn: day,
    },
  };
}

function classificationMark(mark: ClassificationMark | null | undefined): ClassificationMark | null {
  if (mark == null) return null;
  assertOneOf(mark.level, CLASSIFICATIONS, 'correctedEventClassification.level');
  return { level: mark.level, basis: requiredText(mark.basis, 'correctedEventClassification.basis') };
}
