import type { RecordedEvent } from '#event-store';
import { describeBusinessTime, isWellFormedBusinessTime } from '#kernel';

/* One-line descriptions of recorded facts, for tables. Two kinds: `summarizeEvent` may quote the
 * record (it is shown only beside the disclosed record itself); `describeWithoutContent` never does
 * (privilege and withheld logs: date, author and type are listed, the content is not). */

type Data = Readonly<Record<string, unknown>>;

const str = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const articlesOf = (data: Data): string[] =>
  list(data['articles']).map((a) => (typeof a === 'string' ? a : str((a as Data | null)?.['article']) ?? '?'));

/** `ProposalTabled` → `Proposal tabled`. */
export function humanizeType(type: string): string {
  const words = type.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z])([A-Z][a-z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const EXPLANATION_REASON_LABELS: Readonly<Record<string, string>> = {
  'does-not-exist': 'the information does not exist',
  'already-produced': 'already produced',
  other: 'other',
};
const side = (value: unknown) => (value === 'employer' ? 'employer' : value === 'union' ? 'union' : String(value ?? '?'));
/** A day a fact names, as the record gives it: the day, or in words when known less precisely ("February 2008"). */
const dayInWords = (day: unknown, asKnown: unknown): string | null => (isWellFormedBusinessTime(asKnown) ? describeBusinessTime(asKnown) : str(day));
const decidedWhen = (decision: Data) => {
  const when = dayInWords(decision['decidedOn'], decision['decidedAsKnown']);
  return when ? `, decided ${when}` : '';
};
const noticeWhen = (d: Data) => {
  const when = dayInWords(d['writtenNoticeGivenOn'], d['writtenNoticeGivenAsKnown']);
  return when ? `; written notice given ${when}` : '';
};
/** "; caucuses: union 40 min, employer" — each caucus in order, its length when known. */
const caucusesOf = (value: unknown) => {
  const list = Array.isArray(value) ? (value as { side?: unknown; minutes?: unknown }[]) : [];
  return list.length === 0 ? '' : `; caucuses: ${list.map((c) => `${side(c.side)}${typeof c.minutes === 'number' ? ` ${c.minutes} min` : ''}`).join(', ')}`;
};
const arts = (data: Data) => {
  const labels = articlesOf(data);
  return labels.length === 0 ? '' : ` (Art. ${labels.join(', ')})`;
};

const stoppage = (kind: unknown) => (kind === 'sick-out' ? 'sick-out' : kind === 'lockout' ? 'lockout' : kind === 'strike' ? 'strike' : 'work stoppage');
const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const participants = (data: Data) => (typeof data['estimatedParticipants'] === 'number' ? `, about ${data['estimatedParticipants']} employees` : '');

const DEMANDED_DECISION_LABELS: Readonly<Record<string, string>> = { 'school-closure': 'school closure', layoff: 'layoff', reorganisation: 'reorganisation', other: 'other decision' };
const DEMAND_ANSWER_LABELS: Readonly<Record<string, string>> = {
  agrees: 'agrees to bargain',
  'effects-only': 'offers to bargain the effects only',
  refuses: 'refuses to bargain',
  'claims-waiver': 'claims the right to bargain was waived',
};

/** A short, readable line for the chronology. Quotes titles and summaries of the record it describes. */
export function summarizeEvent(event: Pick<RecordedEvent, 'type' | 'data'>): string {
  const d = event.data as Data;
  switch (event.type) {
    case 'NegotiationOpened':
      return `Negotiation opened: ${str(d['kind']) ?? ''} negotiation, ${str(d['unitName']) ?? str(d['unitId']) ?? 'unit'} (${str(d['statute']) ?? '?'})${noticeWhen(d)}`;
    case 'GroundRulesAgreed':
      return `Ground rules agreed: TAs ${d['taRule'] === 'closed-once-initialed' ? 'closed once initialed' : 'reopenable until global agreement'}`;
    case 'InitialProposalSunshined':
      return `Initial proposal of the ${side(d['side'])} presented at ${str(d['boardMeeting']) ?? 'a public meeting'}${arts(d)}`;
    case 'PublicCommentHeard':
      return `Public comment heard at ${str(d['boardMeeting']) ?? 'a public meeting'}`;
    case 'EmployerProposalAdopted':
      return `Employer proposal adopted at ${str(d['boardMeeting']) ?? 'an open meeting'}${str(d['resolutionNumber']) ? `, resolution ${d['resolutionNumber'] as string}` : ''}`;
    case 'NewSubjectMadePublic':
      return `New subject made public by the ${side(d['side'])}${arts(d)}`;
    case 'SessionHeld':
      return `Session ${String(d['number'] ?? '?')} held at ${str(d['place']) ?? '?'}${d['startTime'] && d['endTime'] ? `, ${str(d['startTime'])}–${str(d['endTime'])}` : ''}${typeof d['hours'] === 'number' ? ` (${d['hours']} h)` : ''}${caucusesOf(d['caucuses'])}`;
    case 'SessionCancelled':
      return `Session${d['number'] != null ? ` ${String(d['number'])}` : ''} scheduled for ${String(d['scheduledFor'] ?? '?')} cancelled by the ${side(d['cancelledBy'])}`;
    case 'ProposalTabled':
      return `Proposal ${str(d['number']) ?? ''} tabled by the ${side(d['side'])}${arts(d)}`;
    case 'CounterproposalTabled':
      return `Counterproposal ${str(d['number']) ?? ''} tabled by the ${side(d['side'])}${arts(d)}`;
    case 'PackageTabled':
      return `${d['conditional'] ? 'Conditional package' : 'Package'} ${str(d['number']) ?? ''} tabled by the ${side(d['side'])}${arts(d)}`;
    case 'ProposalCostingRecorded':
      return `Costing of the ${side(d['side'])}'s proposal ${str(d['proposalId']) ?? ''} recorded`;
    case 'ProposalWithdrawn':
      return `Proposal ${str(d['proposalId']) ?? ''} withdrawn by the ${side(d['side'])}`;
    case 'PackageRejected':
      return `Package ${str(d['proposalId']) ?? ''} rejected by the ${side(d['rejectedBy'])}${list(d['revertedPositions']).length > 0 ? '; positions revert' : ''}`;
    case 'TentativeAgreementInitialed':
      return `TA ${str(d['taId']) ?? ''} initialed by the ${side(d['side'])} (${str(d['signatory']) ?? '?'})${d['completesAgreement'] ? ': complete' : ''}${arts(d)}`;
    case 'TentativeAgreementWithdrawn':
      return `TA ${str(d['taId']) ?? ''} withdrawn by the ${side(d['withdrawnBy'])}`;
    case 'ImpasseDeclared':
      return `Impasse declared ${d['declaredBy'] === 'joint' ? 'jointly' : `by the ${side(d['declaredBy'])}`} (${str(d['form']) ?? '?'})`;
    case 'PerbImpasseDeterminationRequested':
      return `PERB asked to determine impasse, ${d['requestedBy'] === 'joint' ? 'jointly' : `by the ${side(d['requestedBy'])}`}${str(d['caseNumber']) ? ` (case ${str(d['caseNumber'])})` : ''}`;
    case 'PerbImpasseDetermined':
      return `PERB determination: ${str(d['determination']) ?? '?'}${str(d['caseNumber']) ? ` (${d['caseNumber'] as string})` : ''}`;
    case 'MediatorAppointed':
      return `Mediator appointed: ${str(d['mediator']) ?? '?'}`;
    case 'RatificationVoteHeld':
      return d['yes'] == null && d['no'] == null
        ? `Ratification vote: ${d['ratified'] ? 'ratified' : 'not ratified'} (counts not recorded)`
        : `Ratification vote: ${String(d['yes'] ?? '?')} yes, ${String(d['no'] ?? '?')} no${d['ratified'] ? ' (ratified)' : ' (not ratified)'}`;
    case 'GoverningBodyApproved': {
      const v = d['vote'] as Record<string, number | null> | null | undefined;
      const roll = v ? `; ayes ${v['ayes'] ?? '?'}, noes ${v['noes'] ?? '?'}, abstentions ${v['abstentions'] ?? '?'}, absent ${v['absent'] ?? '?'}` : '';
      return `Approved by ${str(d['governingBody']) ?? 'the governing body'}, resolution ${str(d['resolutionNumber']) ?? 'not recorded'}${roll}`;
    }
    case 'SettlementReached':
      return `Settlement reached: ${str(d['summary']) ?? ''}`.trim();
    case 'SettlementCostsDisclosed':
      return `Settlement costs disclosed${str(d['meeting']) ? ` at ${d['meeting'] as string}` : ''}`;
    case 'NegotiationConcluded':
      return `Negotiation concluded: ${str(d['outcome']) ?? '?'}`;
    case 'WorkStoppageNoticeGiven':
      return `Notice of a ${stoppage(d['kind'])} given by the ${side(d['givenBy'])}${str(d['plannedStartOn']) ? `, to begin ${d['plannedStartOn'] as string}` : ''}${participants(d)}`;
    case 'WorkStoppageBegan':
      return `${capitalized(stoppage(d['kind']))} by the ${side(d['by'])} began${str(d['noticeGivenOn']) ? ` (notice given ${d['noticeGivenOn'] as string})` : ', no notice recorded'}${participants(d)}`;
    case 'WorkStoppageEnded':
      return `${capitalized(stoppage(d['kind']))} by the ${side(d['by'])} ended${participants(d)}`;
    case 'DemandToBargainMade': {
      const decision = (d['decision'] ?? {}) as Data;
      const scope = d['scope'] === 'effects' ? 'the effects of' : d['scope'] === 'both' ? 'the decision and the effects of' : 'the decision on';
      return `Demand by the ${side(d['demandedBy'])} to bargain ${scope} ${str(decision['description']) ?? 'a decision'} (${DEMANDED_DECISION_LABELS[String(decision['kind'])] ?? 'decision'}${decidedWhen(decision)})`;
    }
    case 'DemandToBargainAnswered':
      return `Demand to bargain answered by the ${side(d['answeredBy'])}: ${DEMAND_ANSWER_LABELS[String(d['answer'])] ?? 'answered'}${str(d['waiverBasis']) ? ` (${d['waiverBasis'] as string})` : ''}`;
    case 'NegotiationOpenedOnDemand':
      return `${capitalized(str(d['negotiationKind']) ?? '')} negotiation ${str(d['negotiationId']) ?? ''} opened on the demand to bargain`.trim();
    case 'ReturnToWorkAgreed':
      return `Return to work agreed: ${str(d['terms']) ?? ''}`.trim();
    case 'ConfidentialNoteRecorded':
      return `Confidential note (${str(d['kind']) ?? '?'}): ${str(d['title']) ?? ''}`;
    case 'CorrectionRecorded':
      return `Correction of ${str(d['correctedEventType']) ?? 'a record'} ${str(d['correctedEventId']) ?? ''}: ${str(d['reason']) ?? ''}`;
    case 'InformationRequestReceived': {
      const from = d['from'] as Data | null;
      return `Information request ${str(d['requestId']) ?? ''} received from ${str(from?.['organization']) ?? '?'} (${list(d['items']).length} items)`;
    }
    case 'InformationItemProduced':
      return `Item ${String(d['itemNumber'] ?? '?')} of request ${str(d['requestId']) ?? ''} produced (${str(d['completeness']) ?? '?'})`;
    case 'InformationItemObjected': {
      const grounds = list(d['grounds']);
      // An `other` ground is said only by its explanation.
      const other = grounds.includes('other') && str(d['explanation']) ? ` (${str(d['explanation'])})` : '';
      return `Objection to item ${String(d['itemNumber'] ?? '?')} of request ${str(d['requestId']) ?? ''}: ${grounds.join(', ')}${other}`;
    }
    case 'InformationItemExplained': {
      const reason = EXPLANATION_REASON_LABELS[String(d['reason'])] ?? 'explained';
      return `Item ${String(d['itemNumber'] ?? '?')} of request ${str(d['requestId']) ?? ''} explained: ${reason}${str(d['reference']) ? `, ${str(d['reference'])}` : ''}${str(d['explanation']) ? ` (${str(d['explanation'])})` : ''}`;
    }
    case 'InformationRequestMeetingHeld': {
      const items = list(d['itemNumbers']);
      const attendees = (d['attendees'] ?? {}) as Data;
      const sides = (['employer', 'union'] as const).filter((s) => list(attendees[s]).length > 0).map((s) => `${s}: ${list(attendees[s]).join(', ')}`);
      return `Meeting on request ${str(d['requestId']) ?? ''} held${items.length > 0 ? ` about item${items.length > 1 ? 's' : ''} ${items.join(', ')}` : ''}${sides.length > 0 ? ` (${sides.join('; ')})` : ''}${str(d['outcome']) ? `: ${str(d['outcome'])}` : ''}`;
    }
    case 'InformationRequestMeetingCancelled':
      return `Meeting on request ${str(d['requestId']) ?? ''} set for ${String(d['scheduledFor'] ?? '?')} cancelled by the ${side(d['cancelledBy'])}${str(d['reason']) ? ` (${str(d['reason'])})` : ''}`;
    case 'ResponseDeadlineExtended':
      return `Response deadline of request ${str(d['requestId']) ?? ''} extended to ${String(d['newDueOn'] ?? '?')}`;
    default: {
      const subject = str(d['requestId']) ?? str(d['taId']) ?? str(d['proposalId']);
      return `${humanizeType(event.type)}${subject ? ` (${subject})` : ''}`;
    }
  }
}

const NOTE_KIND_LABELS: Readonly<Record<string, string>> = {
  'legal-advice': 'Legal advice (attorney-client communication)',
  'closed-session': 'Closed-session briefing note',
  costing: 'Costing note',
  strategy: 'Bargaining strategy note',
};

/**
 * What a privilege or withheld log may say about a record: its kind, never its content (no title,
 * body, text, figures, names of documents or people beyond the recorded author).
 */
export function describeWithoutContent(event: Pick<RecordedEvent, 'type' | 'data'>): string {
  const d = event.data as Data;
  switch (event.type) {
    case 'ConfidentialNoteRecorded':
      return `${NOTE_KIND_LABELS[String(d['kind'])] ?? 'Confidential note'}${d['sessionId'] ? ' concerning a bargaining session' : ''}${list(d['documents']).length > 0 ? `, with ${list(d['documents']).length} document(s)` : ''}`;
    case 'ProposalCostingRecorded':
      return `Costing of ${d['side'] === 'union' ? "the union's" : d['side'] === 'employer' ? "the employer's" : 'a'} proposal tabled ${String(d['tabledOn'] ?? '')}`.trim();
    case 'CorrectionRecorded':
      return `Correction of an earlier ${humanizeType(String(d['correctedEventType'] ?? 'record')).toLowerCase()} record`;
    default:
      return `${humanizeType(event.type)} record`;
  }
}

/** Who wrote a record, for privilege logs: the named author where the record has one, else its recorder. */
export function authorOf(event: Pick<RecordedEvent, 'data' | 'actor'>): string {
  return str((event.data as Data)['author']) ?? event.actor.subject;
}
