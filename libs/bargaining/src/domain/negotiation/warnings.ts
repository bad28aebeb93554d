import type { Warning } from '#kernel';
import { findValue, own } from '../common.js';
import type { NegotiationCommand } from './commands.js';
import type { NegotiationEvent } from './events.js';
import { type NegotiationRecord, type NegotiationState, taIsComplete } from './state.js';

/**
 * What a decision records that is consistent but odd on the negotiation's own terms (scope, numbering,
 * settlement): returned with the command's response, never stored. Breaches of statute and ground
 * rules are #compliance's, which bargaining asks through the StatutoryWarnings port.
 */
export const NegotiationWarningCode = {
  /** A reopener covers only its reopened articles. */
  ARTICLE_OUTSIDE_REOPENER_SCOPE: 'ARTICLE_OUTSIDE_REOPENER_SCOPE',
  /** The same side used a proposal number twice. */
  PROPOSAL_NUMBER_REUSED: 'PROPOSAL_NUMBER_REUSED',
  /** A TA withdrawn after a settlement that includes it. */
  TA_WITHDRAWN_AFTER_SETTLEMENT: 'TA_WITHDRAWN_AFTER_SETTLEMENT',
  /** A settlement includes a TA that one side has not initialed. */
  SETTLEMENT_INCLUDES_UNSIGNED_TA: 'SETTLEMENT_INCLUDES_UNSIGNED_TA',
} as const;
export type NegotiationWarningCode = (typeof NegotiationWarningCode)[keyof typeof NegotiationWarningCode];

const W = NegotiationWarningCode;

const warning = (code: NegotiationWarningCode, message: string): Warning => ({ code, message });

/** `state` is the one the decision was made on; `events` are what it decided. */
export function negotiationWarnings(_command: NegotiationCommand, state: NegotiationState, events: readonly NegotiationEvent[]): Warning[] {
  const found: Warning[] = [];
  if (state.status === 'not-opened') return found;
  for (const event of events) found.push(...eventWarnings(state, event));
  return found;
}

function articlesOutsideScope(record: NegotiationRecord, articles: readonly string[]): string[] {
  if (record.kind !== 'reopener' || record.articlesInScope.length === 0) return [];
  return articles.filter((article) => !record.articlesInScope.includes(article));
}

function eventWarnings(record: NegotiationRecord, event: NegotiationEvent): Warning[] {
  const found: Warning[] = [];
  switch (event.type) {
    case 'ProposalTabled':
    case 'CounterproposalTabled':
    case 'PackageTabled': {
      const { proposalId, side, number } = event.data;
      const articles = event.data.articles.map((a) => a.article);
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
      if (record.settlement?.taIds.includes(event.data.taId)) {
        found.push(warning(W.TA_WITHDRAWN_AFTER_SETTLEMENT, `tentative agreement ${event.data.taId} is part of the settlement of ${record.settlement.reachedOn}`));
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
    default:
      break;
  }
  return found;
}
