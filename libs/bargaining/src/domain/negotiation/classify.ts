import { type ClassificationMark, INTERNAL } from '#kernel';
import { CALIFORNIA_STATUTES, CONNECTICUT_STATUTES, type Statute } from '../common.js';
import type { NegotiationEvent, NoteKind } from './events.js';
import type { NegotiationState } from './state.js';

/*
 * The classification of each fact when recorded, with its basis. A record can become public later
 * (a factfinding report once published): that is a new fact with its own mark, never a change here.
 */

const publicMark = (basis: string): ClassificationMark => ({ level: 'public', basis });

const isCalifornia = (statute: Statute) => CALIFORNIA_STATUTES.includes(statute);
const isConnecticut = (statute: Statute) => CONNECTICUT_STATUTES.includes(statute);

function sunshineBasis(statute: Statute, subsection: string): string {
  switch (statute) {
    case 'EERA':
      return `Gov. Code 3547${subsection} sunshine`;
    case 'HEERA':
      return 'Gov. Code 3595 public notice';
    case 'DILLS':
      return 'Gov. Code 3523 public notice';
    default:
      return `presented at a public meeting (${statute})`;
  }
}

function publicRecordBasis(statute: Statute, what: string): string {
  if (isCalifornia(statute)) return `${what}: public record, Cal. Public Records Act (Gov. Code 7920.000 et seq.)`;
  if (isConnecticut(statute)) return `${what}: public record, Conn. Gen. Stat. 1-210`;
  return `${what}: public record`;
}

function openMeetingBasis(statute: Statute, what: string): string {
  switch (statute) {
    case 'MMBA':
      return `${what}: Gov. Code 3505.1, open meeting (Brown Act)`;
    case 'EERA':
      return `${what}: open meeting (Brown Act, Gov. Code 54950 et seq.)`;
    case 'DILLS':
      return `${what}: Gov. Code 3517.6 legislative approval`;
    default:
      return isConnecticut(statute) ? `${what}: open meeting, Conn. Gen. Stat. 1-225` : `${what}: open meeting`;
  }
}

function factfindingBasis(statute: Statute): string {
  switch (statute) {
    case 'EERA':
      return 'Gov. Code 3548.3 factfinding report made public';
    case 'MMBA':
      return 'Gov. Code 3505.5 factfinding report made public';
    case 'HEERA':
      return 'Gov. Code 3593 factfinding report made public';
    default:
      return `factfinding report made public (${statute})`;
  }
}

function costDisclosureBasis(statute: Statute): string {
  return statute === 'EERA' ? 'Gov. Code 3547.5 public disclosure of costs' : publicRecordBasis(statute, 'public disclosure of agreement costs');
}

function noteMark(kind: NoteKind, statute: Statute): ClassificationMark {
  switch (kind) {
    case 'legal-advice':
      return { level: 'privileged', basis: 'attorney-client privilege' };
    case 'closed-session':
      return {
        level: 'confidential',
        basis: isCalifornia(statute)
          ? 'closed session with designated labor negotiators (Gov. Code 54957.6)'
          : isConnecticut(statute)
            ? 'executive session on collective bargaining (Conn. Gen. Stat. 1-200(6))'
            : 'closed session on collective bargaining',
      };
    case 'costing':
      return { level: 'confidential', basis: 'bargaining costing (confidential until disclosed)' };
    case 'strategy':
      return { level: 'confidential', basis: 'bargaining strategy' };
  }
}

/** Costing is prepared for the employer's negotiators and discussed in closed session, until costs are disclosed. */
function costingBasis(statute: Statute): string {
  switch (statute) {
    case 'EERA':
      return "costing prepared for the employer's negotiators (Gov. Code 3549.1 closed session)";
    case 'MMBA':
      return "costing prepared for the employer's negotiators (Gov. Code 54957.6 closed session)";
    default:
      return isConnecticut(statute)
        ? "costing prepared for the employer's negotiators (Conn. Gen. Stat. 1-200(6) executive session)"
        : "costing prepared for the employer's negotiators (confidential until costs are disclosed)";
  }
}

/** The statute a fact falls under: the negotiation's, or for the opening, the unit's it copies. */
function statuteOf(event: NegotiationEvent, state: NegotiationState): Statute {
  if (event.type === 'NegotiationOpened') return event.data.statute;
  return state.status === 'not-opened' ? 'OTHER' : state.statute;
}

export function classifyNegotiationEvent(event: NegotiationEvent, state: NegotiationState): ClassificationMark {
  const statute = statuteOf(event, state);
  switch (event.type) {
    case 'InitialProposalSunshined':
      return publicMark(sunshineBasis(statute, '(a)'));
    case 'PublicCommentHeard':
      return publicMark(sunshineBasis(statute, '(b)'));
    case 'EmployerProposalAdopted':
      return publicMark(sunshineBasis(statute, '(c)'));
    case 'NewSubjectMadePublic':
      return publicMark(sunshineBasis(statute, '(d)'));
    case 'FactfindingReportMadePublic':
      return publicMark(factfindingBasis(statute));
    case 'ImpasseHearingHeld':
      return publicMark(statute === 'MMBA' ? 'Gov. Code 3505.7 public hearing on the impasse' : openMeetingBasis(statute, 'public hearing on the impasse'));
    case 'LastBestFinalOfferImposed':
      return publicMark(openMeetingBasis(statute, 'imposition of last, best and final offer'));
    case 'SettlementCostsDisclosed':
      return publicMark(costDisclosureBasis(statute));
    case 'GoverningBodyApproved':
      return publicMark(openMeetingBasis(statute, 'governing-body approval'));
    case 'AgreementExecuted':
      return publicMark(publicRecordBasis(statute, 'executed agreement'));
    case 'SideLetterExecuted':
      return publicMark(publicRecordBasis(statute, 'executed side letter'));
    case 'MemorandumOfUnderstandingExecuted':
      return publicMark(publicRecordBasis(statute, 'executed memorandum of understanding'));
    case 'ConfidentialNoteRecorded':
      return noteMark(event.data.kind, statute);
    case 'ProposalCostingRecorded':
      return { level: 'confidential', basis: costingBasis(statute) };
    case 'CorrectionRecorded': {
      const corrected = event.data.correctedEventClassification;
      return corrected ? { level: corrected.level, basis: `correction of a record classified ${corrected.level} (${corrected.basis})` } : INTERNAL;
    }
    default:
      return INTERNAL;
  }
}
