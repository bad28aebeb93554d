import { type BusinessTime, compareDays, daysBetween, describeBusinessTime, elapsedDays, isWrittenAsADate, knownOnlyAs, possibleDays } from '#kernel';
import { negotiationStream } from '#bargaining';
import { addCalendarDays } from '#information-requests';
import type { IsoDate, NegotiationComplianceFacts, NegotiationFact, NegotiationFactOf, NegotiationFactType } from '../facts/facts.js';
import type { FlagDraft, FlaggedFact, NegotiationRule, RuleOutcome } from './types.js';

/*
 * Rules over one negotiation's facts, as pure factories: a rule set picks the rules, their ids,
 * citations and thresholds. Each sees only facts dated on or before asOf (business time, "as it
 * happened"); a deadline that has passed by asOf with nothing recorded is a breach that day.
 */

type Citation = { readonly id: string; readonly citation: string };

const byDay = (a: NegotiationFact, b: NegotiationFact) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.revision - b.revision);

/** The negotiation's facts of one type dated on or before asOf, by business day (recording order on a tie). */
export function factsOf<T extends NegotiationFactType>(doc: NegotiationComplianceFacts, type: T, asOf: IsoDate): NegotiationFactOf<T>[] {
  return doc.facts.filter((f): f is NegotiationFactOf<T> => f.type === type && f.on <= asOf).sort(byDay);
}

const first = <F extends NegotiationFact>(facts: readonly F[], where: (f: F) => boolean = () => true): F | null => facts.find(where) ?? null;
const last = <F extends NegotiationFact>(facts: readonly F[], where: (f: F) => boolean = () => true): F | null => [...facts].reverse().find(where) ?? null;

export function cite(doc: NegotiationComplianceFacts, fact: NegotiationFact, as: string): FlagDraft['facts'][number] {
  const flagged: FlaggedFact = {
    eventId: fact.eventId,
    type: fact.type,
    stream: negotiationStream(doc.negotiationId),
    on: fact.on,
    recordedAt: fact.recordedAt,
    as,
    correctedBy: [...fact.correctedBy],
  };
  return { ...flagged, classification: fact.classification };
}

const none: RuleOutcome = { flags: [] };

/** A fact's date as a rule must weigh it: how it is known when less precisely than a day, else its day. */
const when = (fact: NegotiationFact): BusinessTime | IsoDate => fact.known ?? fact.on;

/** A fact's date for a message, with its preposition: "on 2025-03-05", "in February 2008", "on or after 16 April 2010". */
function said(fact: NegotiationFact): string {
  if (!fact.known) return `on ${fact.on}`;
  const words = describeBusinessTime(fact.known);
  if (fact.known.precision === 'month' || fact.known.precision === 'year') return `in ${words}`;
  return fact.known.precision === 'approximate' || fact.known.precision === 'instant' || fact.known.precision === 'day' ? `on ${words}` : words;
}

/** Why a comparison with this fact cannot be decided: "the date of session 3 is known only as February 2008". */
const undecidable = (date: string, fact: NegotiationFact): string => (fact.known ? knownOnlyAs(date, fact.known) : `${date} is ${fact.on}`);

/** Every reason a rule could not decide, as one "cannot evaluate" outcome (with any flags it could raise). */
const outcome = (flags: FlagDraft[], reasons: readonly string[]): RuleOutcome => (reasons.length === 0 ? { flags } : { flags, notEvaluated: reasons.join('; '), impreciseDate: true });

/** What a fact is, in a "cannot evaluate" reason. */
const FACT_WORDS: Partial<Record<NegotiationFactType, string>> = {
  InitialProposalSunshined: 'an initial proposal presented',
  NewSubjectMadePublic: 'a new subject made public',
  ProposalTabled: 'a proposal tabled',
  CounterproposalTabled: 'a counterproposal tabled',
  PackageTabled: 'a package tabled',
  SettlementReached: 'the settlement',
  SettlementCostsDisclosed: 'a cost disclosure',
  GoverningBodyApproved: 'the governing-body approval',
  GroundRulesAgreed: 'the ground rules',
  TentativeAgreementInitialed: 'a TA initialed',
  TentativeAgreementWithdrawn: 'a TA withdrawn',
  ImpasseDeclared: 'the impasse declaration',
  PerbImpasseDetermined: "PERB's impasse determination",
  FactfindingCertified: 'factfinding certified',
  FactfindingPanelFormed: 'the factfinding panel formed',
  FactfindingReportIssued: 'the factfinding report issued',
  ImpasseHearingHeld: 'the impasse hearing',
  LastBestFinalOfferImposed: 'the imposition',
  NegotiationOpened: 'the negotiation opened',
};

/**
 * For a rule that compares the days of `reads` as days: when one of them is known only as a month, a
 * year, a range or a bound, and a fact of `when` is on record (the rule has something to judge), the
 * rule cannot evaluate. Flags resting only on facts known to the day stand; the others are withheld,
 * since the order they assert is not certain.
 */
function undecidedOnImpreciseDates(rule: NegotiationRule, reads: readonly NegotiationFactType[], when: readonly NegotiationFactType[]): NegotiationRule {
  return {
    ...rule,
    evaluate(doc, asOf) {
      const judged = when.some((type) => factsOf(doc, type, asOf).length > 0);
      const imprecise = judged ? reads.flatMap((type) => factsOf(doc, type, asOf)).filter((f) => f.known !== undefined && !isWrittenAsADate(f.known)) : [];
      const result = rule.evaluate(doc, asOf);
      if (imprecise.length === 0) return result;
      const uncertain = new Set(imprecise.map((f) => f.eventId));
      const reasons = imprecise.map((f) => undecidable(`the date of ${FACT_WORDS[f.type] ?? f.type}`, f));
      const flags = result.flags.filter((flag) => !flag.facts.some((fact) => uncertain.has(fact.eventId)));
      return outcome(flags, [...(result.notEvaluated ? [result.notEvaluated] : []), ...reasons]);
    },
  };
}

/** Only the dates that are known. */
function dates(entries: Record<string, IsoDate | null | undefined>): Record<string, IsoDate> {
  return Object.fromEntries(Object.entries(entries).filter((entry): entry is [string, IsoDate] => typeof entry[1] === 'string'));
}

// ---- EERA, Gov. Code 3547(a)–(c): no negotiating before the sunshine steps ----

/** Each sunshine step, named as what the record must show. */
const SUNSHINE_STEPS = {
  'union-initial-proposal-presented': "the union's initial proposal presented at a public meeting",
  'employer-initial-proposal-presented': "the employer's initial proposal presented at a public meeting",
  'public-comment-heard': 'the public heard on the initial proposals',
  'employer-proposal-adopted': "the employer's initial proposal adopted at an open meeting",
} as const;

/**
 * A session held on a day by which a sunshine step was not done: both initial proposals presented,
 * the public heard, the employer's proposal adopted. When no public comment is recorded at all, an
 * adoption by that day counts for it (3547(c) has the employer adopt after the public was heard);
 * a comment recorded only after the session is a missing step. The same day counts as before.
 */
export function sessionBeforeSunshine({ id, citation }: Citation): NegotiationRule {
  return {
    scope: 'negotiation',
    id,
    citation,
    title: 'Session held before the initial proposals were sunshined',
    requirement: 'No negotiating before both initial proposals were presented at a public meeting, the public had the opportunity to comment and the employer adopted its proposal',
    description:
      'Flags each bargaining session held before both initial proposals were presented at a public meeting, the public had the opportunity ' +
      "to comment, and the employer adopted its proposal (the session's own day counts as before it). Severity high. When a date known only " +
      'as a month, a range or a bound leaves the order of a session and a step undecided, the rule says it cannot evaluate that session.',
    evaluate(doc, asOf) {
      const presented = factsOf(doc, 'InitialProposalSunshined', asOf);
      const comments = factsOf(doc, 'PublicCommentHeard', asOf);
      const adoptions = factsOf(doc, 'EmployerProposalAdopted', asOf);
      const flags: FlagDraft[] = [];
      const reasons: string[] = [];
      for (const session of factsOf(doc, 'SessionHeld', asOf)) {
        const day = session.on;
        const order = (f: NegotiationFact) => compareDays(when(f), when(session));
        const doneBy = <F extends NegotiationFact>(facts: F[], where: (f: F) => boolean = () => true) => first(facts, (f) => (order(f) === 'before' || order(f) === 'same-day') && where(f));
        const later = <F extends NegotiationFact>(facts: F[], where: (f: F) => boolean = () => true) => first(facts, (f) => order(f) === 'after' && where(f));
        const perhaps = <F extends NegotiationFact>(facts: F[], where: (f: F) => boolean = () => true) => first(facts, (f) => order(f) === 'cannot-tell' && where(f));
        const undecided: string[] = [];
        const union = (f: NegotiationFactOf<'InitialProposalSunshined'>) => f.side === 'union';
        const employer = (f: NegotiationFactOf<'InitialProposalSunshined'>) => f.side === 'employer';
        const missing: (keyof typeof SUNSHINE_STEPS)[] = [];
        const absent: string[] = [];
        const evidence: FlagDraft['facts'][number][] = [cite(doc, session, 'session')];
        const step = (key: keyof typeof SUNSHINE_STEPS, done: NegotiationFact | null, undecidedStep: NegotiationFact | null, afterwards: NegotiationFact | null, as: string) => {
          if (done) return;
          if (undecidedStep) {
            undecided.push(session.known ? undecidable(`the date of session ${session.number}`, session) : undecidable(`the date of ${SUNSHINE_STEPS[key]}`, undecidedStep));
            return;
          }
          missing.push(key);
          absent.push(`${SUNSHINE_STEPS[key]} (${afterwards ? `recorded later, ${said(afterwards)}` : 'not recorded'})`);
          if (afterwards) evidence.push(cite(doc, afterwards, `${as}, later`));
        };
        const adoptedBy = doneBy(adoptions);
        step('union-initial-proposal-presented', doneBy(presented, union), perhaps(presented, union), later(presented, union), "union's initial proposal presented");
        step('employer-initial-proposal-presented', doneBy(presented, employer), perhaps(presented, employer), later(presented, employer), "employer's initial proposal presented");
        const commentLater = later(comments);
        const commentPerhaps = perhaps(comments);
        step('public-comment-heard', doneBy(comments) ?? (commentLater || commentPerhaps ? null : adoptedBy), commentPerhaps, commentLater, 'public comment heard');
        step('employer-proposal-adopted', adoptedBy, perhaps(adoptions), later(adoptions), 'employer proposal adopted');
        // A step certainly missing is a breach whatever the undecided ones; undecided ones alone cannot be judged.
        if (missing.length === 0) {
          reasons.push(...new Set(undecided));
          continue;
        }
        flags.push({
          severity: 'high',
          raisedOn: day,
          message: `Session ${session.number} was held ${said(session)}, before the sunshine steps were complete. Missing on that day: ${absent.join('; ')}.`,
          dates: dates({
            heldOn: day,
            unionProposalPresentedOn: first(presented, union)?.on,
            employerProposalPresentedOn: first(presented, employer)?.on,
            publicCommentHeardOn: first(comments)?.on,
            employerProposalAdoptedOn: first(adoptions)?.on,
          }),
          details: { sessionNumber: session.number, missingSteps: missing },
          facts: evidence,
        });
      }
      return outcome(flags, reasons);
    },
  };
}

// ---- EERA, Gov. Code 3547(d): new subjects made public within 24 hours ----

type TabledFact = NegotiationFactOf<'ProposalTabled' | 'CounterproposalTabled' | 'PackageTabled'>;

/**
 * A subject (article) that first comes to the table after the sunshining began and was in no
 * initial proposal already public: it must be made public within 24 hours. Business days are whole
 * days, so "within 24 hours" reads as by the next day. One flag per subject, at its first tabling.
 */
export function newSubjectNotMadePublic({ id, citation, days }: Citation & { readonly days: number }): NegotiationRule {
  return undecidedOnImpreciseDates(
    {
      scope: 'negotiation',
      id,
      citation,
      title: 'New subject not made public within 24 hours',
      requirement: 'A subject that comes to the table after the initial proposals is made public within 24 hours',
      description:
        `Flags each article first tabled after an initial proposal was sunshined, absent from the initial proposals public by then, and not made ` +
        `public (a later initial proposal or a new-subject disclosure) within ${days} day(s) of the tabling. Not evaluated while an initial ` +
        'proposal is recorded without its list of subjects. Severity medium.',
      evaluate(doc, asOf) {
        const initial = factsOf(doc, 'InitialProposalSunshined', asOf);
        const withoutSubjects = initial.filter((f) => f.articles.length === 0);
        if (withoutSubjects.length > 0) {
          const which = withoutSubjects.map((f) => `the ${f.side}'s initial proposal presented on ${f.on}`).join(' and ');
          return { flags: [], notEvaluated: `${which} ${withoutSubjects.length === 1 ? 'is' : 'are'} recorded without its list of subjects (articles), so which subjects are new cannot be told` };
        }
        const disclosures = [...initial, ...factsOf(doc, 'NewSubjectMadePublic', asOf)].sort(byDay);
        const tabled: TabledFact[] = [...factsOf(doc, 'ProposalTabled', asOf), ...factsOf(doc, 'CounterproposalTabled', asOf), ...factsOf(doc, 'PackageTabled', asOf)].sort(byDay);
        const seen = new Set<string>();
        const flags: FlagDraft[] = [];
        for (const proposal of tabled) {
          if (!initial.some((f) => f.on <= proposal.on)) continue;
          for (const article of proposal.articles) {
            if (seen.has(article)) continue;
            seen.add(article);
            const disclosure = first(disclosures, (f) => f.articles.includes(article));
            if (disclosure !== null && disclosure.on <= proposal.on) continue;
            const deadline = addCalendarDays(proposal.on, days);
            if (disclosure !== null && disclosure.on <= deadline) continue;
            if (disclosure === null && asOf <= deadline) continue;
            const late = disclosure !== null;
            flags.push({
              severity: 'medium',
              raisedOn: addCalendarDays(deadline, 1),
              message: late
                ? `Article ${article}, a new subject tabled on ${proposal.on}, was made public only on ${disclosure.on} (${daysBetween(proposal.on, disclosure.on)} days later).`
                : `Article ${article}, a new subject tabled on ${proposal.on}, has not been made public (due by ${deadline}).`,
              dates: dates({ tabledOn: proposal.on, deadline, madePublicOn: disclosure?.on }),
              details: { article, side: proposal.side, proposalId: proposal.proposalId, ...(late ? { daysToPublic: daysBetween(proposal.on, disclosure.on) } : {}) },
              facts: [cite(doc, proposal, 'subject tabled'), ...(late ? [cite(doc, disclosure, 'made public')] : [])],
            });
          }
        }
        return { flags };
      },
    },
    ['InitialProposalSunshined', 'NewSubjectMadePublic', 'ProposalTabled', 'CounterproposalTabled', 'PackageTabled'],
    ['ProposalTabled', 'CounterproposalTabled', 'PackageTabled'],
  );
}

// ---- EERA, Gov. Code 3547.5: costs disclosed at a public meeting before the agreement is approved ----

/**
 * For each governing-body approval: the disclosures of the settlement it approves (dated on or
 * after the latest settlement by then). None on or before the approval day: high. The first one
 * fewer than `minimumLeadDays` calendar days before it: medium (see the rule set for why).
 */
export function costsDisclosedBeforeApproval({ id, citation, minimumLeadDays }: Citation & { readonly minimumLeadDays: number }): NegotiationRule {
  return undecidedOnImpreciseDates(
    {
      scope: 'negotiation',
      id,
      citation,
      title: 'Cost disclosure missing, late, or too close to board action',
      requirement: `The agreement's major provisions and costs are disclosed at a public meeting at least ${minimumLeadDays} days before the governing body approves it`,
      description:
        'Flags a governing-body approval with no public disclosure of the agreement\'s costs on or before its day (high), or whose first disclosure ' +
        `came fewer than ${minimumLeadDays} calendar days before it (medium).`,
      evaluate(doc, asOf) {
        const settlements = factsOf(doc, 'SettlementReached', asOf);
        const disclosures = factsOf(doc, 'SettlementCostsDisclosed', asOf);
        const flags: FlagDraft[] = [];
        for (const approval of factsOf(doc, 'GoverningBodyApproved', asOf)) {
          const settlement = last(settlements, (s) => s.on <= approval.on);
          const relevant = disclosures.filter((d) => settlement === null || d.on >= settlement.on);
          const before = first(relevant, (d) => d.on <= approval.on);
          const context = settlement ? [cite(doc, settlement, 'settlement')] : [];
          if (before === null) {
            const after = first(relevant, (d) => d.on > approval.on);
            flags.push({
              severity: 'high',
              raisedOn: approval.on,
              message: after
                ? `The agreement was approved on ${approval.on}; its costs were disclosed only afterwards, on ${after.on}.`
                : `The agreement was approved on ${approval.on} with no public disclosure of its costs recorded before.`,
              dates: dates({ approvedOn: approval.on, disclosedOn: after?.on, settlementReachedOn: settlement?.on }),
              details: { reason: after ? 'disclosed-after-approval' : 'no-disclosure-before-approval' },
              facts: [cite(doc, approval, 'approval'), ...(after ? [cite(doc, after, 'cost disclosure, after approval')] : []), ...context],
            });
            continue;
          }
          const leadDays = daysBetween(before.on, approval.on);
          if (leadDays >= minimumLeadDays) continue;
          flags.push({
            severity: 'medium',
            raisedOn: approval.on,
            message: `The costs were disclosed on ${before.on}, ${leadDays} day(s) before the approval on ${approval.on}; at least ${minimumLeadDays} are expected.`,
            dates: dates({ approvedOn: approval.on, disclosedOn: before.on, settlementReachedOn: settlement?.on }),
            details: { reason: 'disclosed-too-close-to-approval', leadDays, minimumLeadDays },
            facts: [cite(doc, approval, 'approval'), cite(doc, before, 'cost disclosure'), ...context],
          });
        }
        return { flags };
      },
    },
    ['SettlementReached', 'SettlementCostsDisclosed', 'GoverningBodyApproved'],
    ['GoverningBodyApproved'],
  );
}

/** Gov. Code 3547.5(b): the disclosure before approval is certified by the superintendent and the chief business official. */
export function costDisclosureCertified({ id, citation }: Citation): NegotiationRule {
  return undecidedOnImpreciseDates(
    {
      scope: 'negotiation',
      id,
      citation,
      title: 'Cost disclosure not certified',
      requirement: 'The cost disclosure is certified by the superintendent and the chief business official',
      description: 'Flags an approval whose cost disclosures on or before its day were none of them certified by both the superintendent and the chief business official. Severity medium.',
      evaluate(doc, asOf) {
        const disclosures = factsOf(doc, 'SettlementCostsDisclosed', asOf);
        const flags: FlagDraft[] = [];
        for (const approval of factsOf(doc, 'GoverningBodyApproved', asOf)) {
          const before = disclosures.filter((d) => d.on <= approval.on);
          if (before.length === 0 || before.some((d) => d.certified)) continue;
          flags.push({
            severity: 'medium',
            raisedOn: approval.on,
            message: `No cost disclosure before the approval on ${approval.on} is certified by both the superintendent and the chief business official.`,
            dates: dates({ approvedOn: approval.on, disclosedOn: before[0]!.on }),
            facts: [cite(doc, approval, 'approval'), ...before.map((d) => cite(doc, d, 'uncertified cost disclosure'))],
          });
        }
        return { flags };
      },
    },
    ['SettlementCostsDisclosed', 'GoverningBodyApproved'],
    ['GoverningBodyApproved'],
  );
}

// ---- EERA 3548.3(a), MMBA 3505.5(a): the factfinding report made public within 10 days ----

/** Each report issued, paired with the first publication on or after it (and before the next report). */
export function factfindingReportPublicInTime({ id, citation, days }: Citation & { readonly days: number }): NegotiationRule {
  return {
    scope: 'negotiation',
    id,
    citation,
    title: `Factfinding report not made public within ${days} days`,
    requirement: `The factfinding report is made public within ${days} days of its issue`,
    description:
      `Flags a factfinding report made public more than ${days} calendar days after it was issued to the parties, or not made public by asOf ` +
      `once those days have passed. Severity medium. When a date known only as a month, a range or a bound leaves it undecided, the rule says it cannot evaluate.`,
    evaluate(doc, asOf) {
      const issued = factsOf(doc, 'FactfindingReportIssued', asOf);
      const published = factsOf(doc, 'FactfindingReportMadePublic', asOf);
      const flags: FlagDraft[] = [];
      const reasons: string[] = [];
      issued.forEach((report, index) => {
        const next = issued[index + 1];
        const publication = first(published, (p) => p.on >= report.on && (next === undefined || p.on < next.on));
        const deadline = addCalendarDays(report.on, days);
        const base = { severity: 'medium' as const, raisedOn: addCalendarDays(deadline, 1) };
        if (publication !== null) {
          const { min, max } = elapsedDays(when(report), when(publication));
          if (max !== null && max <= days) return;
          if (min === null || min <= days) {
            reasons.push(report.known ? undecidable('the date the factfinding report was issued', report) : undecidable('the date it was made public', publication));
            return;
          }
          const elapsed = min;
          const exact = max === min;
          flags.push({
            ...base,
            message: `The factfinding report issued ${said(report)} was made public ${said(publication)}, ${exact ? '' : 'at least '}${elapsed} days later (${days} allowed).`,
            dates: { issuedOn: report.on, deadline, madePublicOn: publication.on },
            details: { days: elapsed, allowedDays: days },
            facts: [cite(doc, report, 'report issued'), cite(doc, publication, 'report made public')],
          });
        } else if (asOf > deadline) {
          // The deadline counts from the latest day the report may have been issued.
          const lastIssued = report.known ? elapsedDays(report.known, asOf).min : daysBetween(report.on, asOf);
          if (lastIssued === null || lastIssued <= days) {
            reasons.push(undecidable('the date the factfinding report was issued', report));
            return;
          }
          flags.push({
            ...base,
            message: `The factfinding report issued ${said(report)} was not made public by ${deadline} and is not public as of ${asOf}.`,
            dates: { issuedOn: report.on, deadline },
            details: { days: daysBetween(report.on, asOf), allowedDays: days, pending: true },
            facts: [cite(doc, report, 'report issued')],
          });
        }
      });
      return outcome(flags, reasons);
    },
  };
}

// ---- ground rules: TAs closed once initialed ----

/** A TA withdrawn on a day when the ground rules then in effect (latest agreed by that day) close TAs once initialed. */
export function taWithdrawnUnderClosedRules({ id, citation }: Citation): NegotiationRule {
  return undecidedOnImpreciseDates(
    {
      scope: 'negotiation',
      id,
      citation,
      title: 'Tentative agreement withdrawn under closed-TA ground rules',
      requirement: 'No tentative agreement is withdrawn while the ground rules close TAs once initialed',
      description:
        'Flags a tentative agreement withdrawn while the ground rules in effect that day close TAs once initialed: not a breach of statute by ' +
        'itself, an indicator of bad-faith bargaining. Severity medium.',
      evaluate(doc, asOf) {
        const rules = factsOf(doc, 'GroundRulesAgreed', asOf);
        const initials = factsOf(doc, 'TentativeAgreementInitialed', asOf);
        const flags: FlagDraft[] = [];
        for (const withdrawal of factsOf(doc, 'TentativeAgreementWithdrawn', asOf)) {
          const inEffect = last(rules, (r) => r.on <= withdrawal.on);
          if (inEffect?.taRule !== 'closed-once-initialed') continue;
          const signed = initials.filter((i) => i.taId === withdrawal.taId);
          flags.push({
            severity: 'medium',
            raisedOn: withdrawal.on,
            message: `Tentative agreement ${withdrawal.taId} was withdrawn by the ${withdrawal.withdrawnBy} on ${withdrawal.on}; the ground rules agreed on ${inEffect.on} close TAs once initialed.`,
            dates: dates({ withdrawnOn: withdrawal.on, groundRulesAgreedOn: inEffect.on, initialedOn: signed[0]?.on }),
            details: { taId: withdrawal.taId, withdrawnBy: withdrawal.withdrawnBy, initialedBy: signed.map((i) => i.side) },
            facts: [cite(doc, withdrawal, 'TA withdrawn'), cite(doc, inEffect, 'ground rules'), ...signed.map((i) => cite(doc, i, `TA initialed by the ${i.side}`))],
          });
        }
        return { flags };
      },
    },
    ['GroundRulesAgreed', 'TentativeAgreementInitialed', 'TentativeAgreementWithdrawn'],
    ['TentativeAgreementWithdrawn'],
  );
}

// ---- imposition of the last, best and final offer ----

/**
 * An offer imposed (on day D) when the impasse procedures were not exhausted: no impasse declared
 * by D, PERB found no impasse after the declaration, factfinding begun but no report issued by D,
 * or (`daysAfterReport`, MMBA 3505.7) fewer than that many days after the report was issued.
 */
export function impositionWithoutImpasseProcedures({ id, citation, daysAfterReport }: Citation & { readonly daysAfterReport: number | null }): NegotiationRule {
  return undecidedOnImpreciseDates(
    {
      scope: 'negotiation',
      id,
      citation,
      title: 'Offer imposed without exhausting impasse procedures',
      requirement: 'An offer is imposed only after the impasse procedures are exhausted',
      description:
        'Flags an imposed last, best and final offer with no impasse declared by its day, after PERB found no impasse, or while factfinding had begun ' +
        `and no report had issued${daysAfterReport === null ? '' : `, or fewer than ${daysAfterReport} days after the report was issued`}. Severity high.`,
      evaluate(doc, asOf) {
        const declarations = factsOf(doc, 'ImpasseDeclared', asOf);
        const determinations = factsOf(doc, 'PerbImpasseDetermined', asOf);
        const started = [...factsOf(doc, 'FactfindingCertified', asOf), ...factsOf(doc, 'FactfindingPanelFormed', asOf)].sort(byDay);
        const reports = factsOf(doc, 'FactfindingReportIssued', asOf);
        const flags: FlagDraft[] = [];
        for (const imposition of factsOf(doc, 'LastBestFinalOfferImposed', asOf)) {
          const day = imposition.on;
          const declaration = last(declarations, (d) => d.on <= day);
          const reasons: string[] = [];
          const evidence = [cite(doc, imposition, 'offer imposed')];
          let report: NegotiationFact | null = null;
          if (declaration === null) {
            reasons.push('no-impasse-declared');
          } else {
            evidence.push(cite(doc, declaration, 'impasse declared'));
            const noImpasse = last(determinations, (d) => d.on >= declaration.on && d.on <= day && d.determination === 'no-impasse');
            if (noImpasse) {
              reasons.push('perb-found-no-impasse');
              evidence.push(cite(doc, noImpasse, 'PERB found no impasse'));
            }
            const begun = first(started, (s) => s.on >= declaration.on && s.on <= day);
            report = first(reports, (r) => r.on >= declaration.on && r.on <= day);
            if (begun && report === null) {
              reasons.push('factfinding-not-concluded');
              evidence.push(cite(doc, begun, 'factfinding begun'));
            }
            if (report !== null && daysAfterReport !== null && daysBetween(report.on, day) < daysAfterReport) {
              reasons.push(`within-${daysAfterReport}-days-of-factfinding-report`);
              evidence.push(cite(doc, report, 'factfinding report issued'));
            }
          }
          if (reasons.length === 0) continue;
          flags.push({
            severity: 'high',
            raisedOn: day,
            message: `An offer was imposed on ${day} before the impasse procedures were exhausted (${reasons.join(', ')}).`,
            dates: dates({ imposedOn: day, impasseDeclaredOn: declaration?.on, factfindingReportIssuedOn: report?.on }),
            details: { reasons },
            facts: evidence,
          });
        }
        return { flags };
      },
    },
    ['ImpasseDeclared', 'PerbImpasseDetermined', 'FactfindingCertified', 'FactfindingPanelFormed', 'FactfindingReportIssued', 'LastBestFinalOfferImposed'],
    ['LastBestFinalOfferImposed'],
  );
}

/** MMBA 3505.7: an offer imposed only after a public hearing on the impasse (on or before its day, after the declaration). */
export function impositionWithoutPublicHearing({ id, citation }: Citation): NegotiationRule {
  return undecidedOnImpreciseDates(
    {
      scope: 'negotiation',
      id,
      citation,
      title: 'Offer imposed without a public hearing on the impasse',
      requirement: 'An offer is imposed only after a public hearing on the impasse',
      description: 'Flags an imposed last, best and final offer with no public hearing on the impasse recorded on or before its day (and after the impasse was declared). Severity high.',
      evaluate(doc, asOf) {
        const declarations = factsOf(doc, 'ImpasseDeclared', asOf);
        const hearings = factsOf(doc, 'ImpasseHearingHeld', asOf);
        const flags: FlagDraft[] = [];
        for (const imposition of factsOf(doc, 'LastBestFinalOfferImposed', asOf)) {
          const declaration = last(declarations, (d) => d.on <= imposition.on);
          const hearing = last(hearings, (h) => h.on <= imposition.on && (declaration === null || h.on >= declaration.on));
          if (hearing) continue;
          flags.push({
            severity: 'high',
            raisedOn: imposition.on,
            message: `An offer was imposed on ${imposition.on} with no public hearing on the impasse recorded before it.`,
            dates: dates({ imposedOn: imposition.on, impasseDeclaredOn: declaration?.on }),
            facts: [cite(doc, imposition, 'offer imposed'), ...(declaration ? [cite(doc, declaration, 'impasse declared')] : [])],
          });
        }
        return { flags };
      },
    },
    ['ImpasseDeclared', 'ImpasseHearingHeld', 'LastBestFinalOfferImposed'],
    ['LastBestFinalOfferImposed'],
  );
}

// ---- MMBA 3505.1: the governing body votes on a TA within 30 days of first considering it ----

/**
 * The record has no "first considered" fact; the nearest it holds is the agreement's cost disclosure
 * made at a public meeting (after the settlement). Without one, the rule reports it could not be
 * evaluated. No approval recorded by first consideration + `days`: flagged as pending (a rejection
 * is not a recordable fact yet, so the message says "no approval recorded").
 */
export function governingBodyVoteInTime({ id, citation, days }: Citation & { readonly days: number }): NegotiationRule {
  return undecidedOnImpreciseDates(
    {
      scope: 'negotiation',
      id,
      citation,
      title: `Governing body did not vote within ${days} days of first considering the agreement`,
      requirement: `The governing body votes on the agreement within ${days} days of first considering it`,
      description:
        `Flags an approval more than ${days} days after the agreement was first considered at a public meeting, or none by then. First consideration ` +
        'is read from a cost disclosure made at a public meeting after the settlement; without one the rule is reported as not evaluated. Severity medium.',
      evaluate(doc, asOf) {
        const settlement = last(factsOf(doc, 'SettlementReached', asOf));
        if (settlement === null) return none;
        const considered = first(factsOf(doc, 'SettlementCostsDisclosed', asOf), (d) => d.atMeeting && d.on >= settlement.on);
        if (considered === null) {
          return { flags: [], notEvaluated: `no consideration of the settlement of ${settlement.on} at a public meeting is recorded (a cost disclosure with its meeting)` };
        }
        const deadline = addCalendarDays(considered.on, days);
        const approval = first(factsOf(doc, 'GoverningBodyApproved', asOf), (a) => a.on >= considered.on);
        const evidence = [cite(doc, considered, 'first considered at a public meeting'), cite(doc, settlement, 'settlement')];
        if (approval !== null) {
          const elapsed = daysBetween(considered.on, approval.on);
          if (elapsed <= days) return none;
          return {
            flags: [{
              severity: 'medium',
              raisedOn: addCalendarDays(deadline, 1),
              message: `The agreement first considered on ${considered.on} was approved on ${approval.on}, ${elapsed} days later (${days} allowed).`,
              dates: { firstConsideredOn: considered.on, deadline, approvedOn: approval.on },
              details: { days: elapsed, allowedDays: days },
              facts: [cite(doc, approval, 'approval'), ...evidence],
            }],
          };
        }
        if (asOf <= deadline) return none;
        return {
          flags: [{
            severity: 'medium',
            raisedOn: addCalendarDays(deadline, 1),
            message: `The agreement first considered on ${considered.on} has no governing-body approval recorded by ${deadline}.`,
            dates: { firstConsideredOn: considered.on, deadline },
            details: { days: daysBetween(considered.on, asOf), allowedDays: days, pending: true },
            facts: evidence,
          }],
        };
      },
    },
    ['SettlementReached', 'SettlementCostsDisclosed', 'GoverningBodyApproved'],
    ['SettlementReached'],
  );
}

// ---- MMBA 3504.5: written notice of a proposed rule on scope matters ----

/** A meet-and-confer negotiation opened with no written notice to the employee organization on or before its opening. */
export function meetAndConferWithoutWrittenNotice({ id, citation }: Citation): NegotiationRule {
  return undecidedOnImpreciseDates(
    {
      scope: 'negotiation',
      id,
      citation,
      title: 'Meet and confer without written notice of the proposed rule',
      requirement: 'The employee organization has written notice of a proposed rule before meeting and conferring on it',
      description: 'Flags a meet-and-confer negotiation opened with no written notice of the proposed rule to the employee organization recorded on or before its opening. Severity medium.',
      evaluate(doc, asOf) {
        const opened = first(factsOf(doc, 'NegotiationOpened', asOf));
        if (opened === null || opened.negotiationKind !== 'meet-and-confer') return none;
        if (opened.writtenNoticeGivenOn !== null && opened.writtenNoticeKnown !== undefined) {
          // Known less precisely than a day: on or before the opening only if its latest possible day is; after it only if its earliest is.
          const notice = possibleDays(opened.writtenNoticeKnown);
          const openedOn = possibleDays(when(opened));
          if (notice.to !== null && openedOn.from !== null && notice.to <= openedOn.from) return none;
          if (notice.from === null || openedOn.to === null || notice.from <= openedOn.to) return { flags: [], notEvaluated: knownOnlyAs('the day written notice was given', opened.writtenNoticeKnown), impreciseDate: true };
        } else if (opened.writtenNoticeGivenOn !== null && opened.writtenNoticeGivenOn <= opened.on) {
          return none;
        }
        const noticeGiven = opened.writtenNoticeKnown ? `${['month', 'year'].includes(opened.writtenNoticeKnown.precision) ? 'in ' : ''}${describeBusinessTime(opened.writtenNoticeKnown)}` : `on ${opened.writtenNoticeGivenOn}`;
        return {
          flags: [{
            severity: 'medium',
            raisedOn: opened.on,
            message:
              opened.writtenNoticeGivenOn === null
                ? `Meet and confer opened on ${opened.on} with no written notice of the proposed rule recorded.`
                : `Meet and confer opened on ${opened.on}; written notice of the proposed rule was given only ${noticeGiven}.`,
            dates: dates({ openedOn: opened.on, writtenNoticeGivenOn: opened.writtenNoticeGivenOn }),
            facts: [cite(doc, opened, 'negotiation opened')],
          }],
        };
      },
    },
    ['NegotiationOpened'],
    ['NegotiationOpened'],
  );
}
