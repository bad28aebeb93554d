import { type Warning, daysBetween } from '#kernel';
import { type IsoDate, findValue, own } from '../common.js';
import type { NegotiationCommand } from './commands.js';
import type { NegotiationEvent, NegotiationOpened } from './events.js';
import { type NegotiationRecord, type NegotiationState, taIsComplete } from './state.js';

/**
 * Breaches of statute and ground rules that the current rules see in a decision. They are returned
 * with the command's response and never stored in events (rules change; events do not): the
 * compliance read model recomputes them with versioned rule sets.
 */
export const NegotiationWarningCode = {
  /** MMBA 3504.5: meet-and-confer on a proposed rule without written notice to the representative. */
  MEET_AND_CONFER_WITHOUT_WRITTEN_NOTICE: 'MEET_AND_CONFER_WITHOUT_WRITTEN_NOTICE',
  /** EERA, Gov. Code 3547: negotiating before both initial proposals were presented, the public heard and the employer's adopted. */
  SESSION_BEFORE_SUNSHINE: 'SESSION_BEFORE_SUNSHINE',
  /** EERA, Gov. Code 3547(d): a subject beyond the sunshined proposals must be made public within 24 hours. */
  NEW_SUBJECT_NOT_DISCLOSED: 'NEW_SUBJECT_NOT_DISCLOSED',
  /** A reopener covers only its reopened articles. */
  ARTICLE_OUTSIDE_REOPENER_SCOPE: 'ARTICLE_OUTSIDE_REOPENER_SCOPE',
  /** The same side used a proposal number twice. */
  PROPOSAL_NUMBER_REUSED: 'PROPOSAL_NUMBER_REUSED',
  /** Ground rules close TAs once initialed: withdrawing one is an indicator of bad faith. */
  TA_WITHDRAWN_UNDER_CLOSED_RULES: 'TA_WITHDRAWN_UNDER_CLOSED_RULES',
  /** A TA withdrawn after a settlement that includes it. */
  TA_WITHDRAWN_AFTER_SETTLEMENT: 'TA_WITHDRAWN_AFTER_SETTLEMENT',
  /** EERA 3548.3(a), MMBA 3505.5(a): the employer makes the factfinding report public within 10 days. */
  FACTFINDING_REPORT_PUBLIC_LATE: 'FACTFINDING_REPORT_PUBLIC_LATE',
  /** An offer imposed with no impasse declared (or after PERB found none). */
  IMPOSITION_WITHOUT_IMPASSE: 'IMPOSITION_WITHOUT_IMPASSE',
  /** MMBA 3505.7: imposition only after a public hearing on the impasse. */
  IMPOSITION_WITHOUT_PUBLIC_HEARING: 'IMPOSITION_WITHOUT_PUBLIC_HEARING',
  /** A settlement includes a TA that one side has not initialed. */
  SETTLEMENT_INCLUDES_UNSIGNED_TA: 'SETTLEMENT_INCLUDES_UNSIGNED_TA',
  /** EERA 3547.5: disclosure certified by the superintendent and the chief business official. */
  COST_DISCLOSURE_NOT_CERTIFIED: 'COST_DISCLOSURE_NOT_CERTIFIED',
  /** EERA 3547.5: major provisions and costs disclosed before the employer enters the agreement. */
  COSTS_NOT_DISCLOSED_BEFORE_APPROVAL: 'COSTS_NOT_DISCLOSED_BEFORE_APPROVAL',
} as const;
export type NegotiationWarningCode = (typeof NegotiationWarningCode)[keyof typeof NegotiationWarningCode];

const W = NegotiationWarningCode;

const warning = (code: NegotiationWarningCode, message: string): Warning => ({ code, message });

/** `state` is the one the decision was made on; `events` are what it decided. */
export function negotiationWarnings(_command: NegotiationCommand, state: NegotiationState, events: readonly NegotiationEvent[]): Warning[] {
  const found: Warning[] = [];
  for (const event of events) {
    if (event.type === 'NegotiationOpened') found.push(...openingWarnings(event));
    else if (state.status !== 'not-opened') found.push(...eventWarnings(state, event));
  }
  return found;
}

function openingWarnings(event: NegotiationOpened): Warning[] {
  const d = event.data;
  if (d.statute === 'MMBA' && d.kind === 'meet-and-confer' && d.writtenNoticeGivenOn === null) {
    return [warning(W.MEET_AND_CONFER_WITHOUT_WRITTEN_NOTICE, 'MMBA 3504.5: no written notice of the proposed rule to the employee organization is recorded')];
  }
  return [];
}

/** Steps of Gov. Code 3547 not done by a day (a step recorded for a later day was not done either). */
function sunshineStepsMissing(record: NegotiationRecord, day: IsoDate): string[] {
  const doneBy = (on: IsoDate | null) => on !== null && on <= day;
  const { initialProposalPresentedOn, publicCommentHeardOn, employerProposalAdoptedOn } = record.sunshine;
  const missing: string[] = [];
  if (!doneBy(initialProposalPresentedOn.union)) missing.push("the union's initial proposal was presented at a public meeting");
  if (!doneBy(initialProposalPresentedOn.employer)) missing.push("the employer's initial proposal was presented at a public meeting");
  if (publicCommentHeardOn !== null && publicCommentHeardOn > day) missing.push('the public was heard');
  if (!doneBy(employerProposalAdoptedOn)) missing.push('the employer adopted its initial proposal at an open meeting');
  return missing;
}

function articlesOutsideScope(record: NegotiationRecord, articles: readonly string[]): string[] {
  if (record.kind !== 'reopener' || record.articlesInScope.length === 0) return [];
  return articles.filter((article) => !record.articlesInScope.includes(article));
}

function eventWarnings(record: NegotiationRecord, event: NegotiationEvent): Warning[] {
  const found: Warning[] = [];
  switch (event.type) {
    case 'SessionHeld': {
      if (record.statute !== 'EERA') break;
      const missing = sunshineStepsMissing(record, event.data.heldOn);
      if (missing.length > 0) {
        found.push(warning(W.SESSION_BEFORE_SUNSHINE, `Gov. Code 3547: session ${event.data.number} on ${event.data.heldOn} was held before ${missing.join('; ')}`));
      }
      break;
    }
    case 'ProposalTabled':
    case 'CounterproposalTabled':
    case 'PackageTabled': {
      const { proposalId, side, number, tabledOn } = event.data;
      const articles = event.data.articles.map((a) => a.article);
      const sunshined = record.sunshine.initialProposalPresentedOn.employer !== null || record.sunshine.initialProposalPresentedOn.union !== null;
      if (record.statute === 'EERA' && sunshined) {
        const undisclosed = articles.filter((article) => !record.sunshine.publicArticles.includes(article));
        if (undisclosed.length > 0) {
          found.push(warning(W.NEW_SUBJECT_NOT_DISCLOSED, `Gov. Code 3547(d): article(s) ${undisclosed.join(', ')} were not in the sunshined proposals; make them public within 24 hours of ${tabledOn}`));
        }
      }
      const outside = articlesOutsideScope(record, articles);
      if (outside.length > 0) {
        found.push(warning(W.ARTICLE_OUTSIDE_REOPENER_SCOPE, `article(s) ${outside.join(', ')} are outside the reopened articles ${record.articlesInScope.join(', ')}`));
      }
      const reused = findValue(record.proposals, (p) => p.side === side && p.number === number && p.proposalId !== proposalId);
      if (reused) found.push(warning(W.PROPOSAL_NUMBER_REUSED, `the ${side} already tabled a proposal numbered ${number} (${reused.proposalId})`));
      break;
    }
    case 'TentativeAgreementInitialed': {
      if (event.data.completesAgreement) break;
      const outside = articlesOutsideScope(record, event.data.articles.map((a) => a.article));
      if (outside.length > 0) {
        found.push(warning(W.ARTICLE_OUTSIDE_REOPENER_SCOPE, `article(s) ${outside.join(', ')} are outside the reopened articles ${record.articlesInScope.join(', ')}`));
      }
      break;
    }
    case 'TentativeAgreementWithdrawn': {
      if (record.groundRules?.taRule === 'closed-once-initialed') {
        found.push(warning(W.TA_WITHDRAWN_UNDER_CLOSED_RULES, `the ground rules close tentative agreements once initialed; ${event.data.taId} was withdrawn by the ${event.data.withdrawnBy}`));
      }
      if (record.settlement?.taIds.includes(event.data.taId)) {
        found.push(warning(W.TA_WITHDRAWN_AFTER_SETTLEMENT, `tentative agreement ${event.data.taId} is part of the settlement of ${record.settlement.reachedOn}`));
      }
      break;
    }
    case 'FactfindingReportMadePublic': {
      const issuedOn = record.impasse?.factfinding.reportIssuedOn ?? null;
      const section = record.statute === 'EERA' ? 'Gov. Code 3548.3(a)' : record.statute === 'MMBA' ? 'Gov. Code 3505.5(a)' : null;
      if (issuedOn !== null && section !== null) {
        const days = daysBetween(issuedOn, event.data.madePublicOn);
        if (days > 10) found.push(warning(W.FACTFINDING_REPORT_PUBLIC_LATE, `${section}: the report issued ${issuedOn} was made public ${days} days later (10 allowed)`));
      }
      break;
    }
    case 'LastBestFinalOfferImposed': {
      const { imposedOn } = event.data;
      if (record.impasse === null) found.push(warning(W.IMPOSITION_WITHOUT_IMPASSE, 'an offer was imposed with no impasse in progress'));
      if (record.statute === 'MMBA' && !record.impasseHearingsHeldOn.some((on) => on <= imposedOn)) {
        found.push(warning(W.IMPOSITION_WITHOUT_PUBLIC_HEARING, `Gov. Code 3505.7: no public hearing on the impasse is recorded on or before ${imposedOn}`));
      }
      break;
    }
    case 'SettlementReached': {
      const unsigned = event.data.taIds.filter((taId) => {
        const ta = own(record.tentativeAgreements, taId);
        return ta !== undefined && !taIsComplete(ta);
      });
      if (unsigned.length > 0) {
        found.push(warning(W.SETTLEMENT_INCLUDES_UNSIGNED_TA, `tentative agreement(s) ${unsigned.join(', ')} are not initialed by both sides`));
      }
      break;
    }
    case 'SettlementCostsDisclosed': {
      const { superintendent, chiefBusinessOfficial } = event.data.certifiedBy;
      if (record.statute === 'EERA' && (superintendent === null || chiefBusinessOfficial === null)) {
        found.push(warning(W.COST_DISCLOSURE_NOT_CERTIFIED, 'Gov. Code 3547.5: the disclosure is to be certified by the superintendent and the chief business official'));
      }
      break;
    }
    case 'GoverningBodyApproved': {
      const disclosedOn = record.settlement?.costsDisclosedOn ?? null;
      if (record.statute === 'EERA' && (disclosedOn === null || disclosedOn > event.data.approvedOn)) {
        found.push(warning(W.COSTS_NOT_DISCLOSED_BEFORE_APPROVAL, `Gov. Code 3547.5: no public disclosure of the agreement's costs is recorded before approval on ${event.data.approvedOn}`));
      }
      break;
    }
    default:
      break;
  }
  return found;
}
