import fc from 'fast-check';
import { DomainError, fold } from '#kernel';
import { NEGOTIATION_EVENT_TYPES, type NegotiationCommand, type NegotiationEvent, type NegotiationState, SharedParts, evolveNegotiationSharing, negotiationDecider } from '#bargaining';
import { cmd, openCmd } from './fixtures.js';

const { decide, evolve, initialState } = negotiationDecider;

const day = fc.integer({ min: 0, max: 500 }).map((n) => new Date(Date.UTC(2025, 0, 16) + n * 86_400_000).toISOString().slice(0, 10));
const side = fc.constantFrom('employer' as const, 'union' as const);
const proposalId = fc.constantFrom('p1', 'p2', 'p3', 'p4', 'p5', 'p6');
const taId = fc.constantFrom('t1', 't2', 't3');
const sessionId = fc.constantFrom('s1', 's2', 's3', 's4', 's5');
const stoppageId = fc.constantFrom('w1', 'w2', 'w3');
const stoppageKind = fc.constantFrom('strike' as const, 'sick-out' as const, 'lockout' as const);
const participants = fc.option(fc.integer({ min: -1, max: 5000 }), { nil: undefined });
const articles = fc.uniqueArray(fc.constantFrom('10', '15', '21', '23', '24', '__proto__', 'constructor'), { minLength: 1, maxLength: 4 });
const text = fc.string({ minLength: 1, maxLength: 8 });
const proposed = (list: string[]) => list.map((article) => ({ article, changeKind: 'amend' as const, text: `text of ${article}` }));

/** Commands over small id pools, so that references often hit and often miss. */
const recording: fc.Arbitrary<NegotiationCommand> = fc.oneof(
  fc.tuple(day, fc.constantFrom('reopenable-until-global' as const, 'closed-once-initialed' as const)).map(([at, taRule]) => cmd('AgreeGroundRules', { taRule }, at)),
  fc.tuple(day, side, articles).map(([at, s, a]) => cmd('SunshineInitialProposal', { side: s, boardMeeting: 'board', articles: a }, at)),
  day.map((at) => cmd('HearPublicComment', { boardMeeting: 'board' }, at)),
  day.map((at) => cmd('AdoptEmployerProposal', { boardMeeting: 'board' }, at)),
  fc.tuple(day, side, articles).map(([at, s, a]) => cmd('MakeNewSubjectPublic', { side: s, articles: a, how: 'posted' }, at)),
  fc.tuple(day, sessionId, fc.integer({ min: 1, max: 5 }), articles).map(([at, id, number, a]) =>
    cmd('HoldSession', { sessionId: id, number, place: 'office', attendees: { employer: ['A'], union: ['B'] }, articlesDiscussed: a }, at)),
  fc.tuple(day, sessionId, side, day).map(([at, id, s, scheduledFor]) => cmd('CancelSession', { sessionId: id, scheduledFor, cancelledBy: s, reason: 'conflict' }, at)),
  fc.tuple(day, proposalId, side, articles, fc.boolean()).map(([at, id, s, a, costed]) =>
    cmd('TableProposal', { proposalId: id, side: s, number: id, articles: proposed(a), costing: costed ? { summary: '$' } : null }, at)),
  fc.tuple(day, proposalId, side, proposalId, articles).map(([at, id, s, respondsTo, a]) =>
    cmd('TableCounterproposal', { proposalId: id, side: s, number: id, respondsTo, articles: proposed(a) }, at)),
  fc.tuple(day, proposalId, side, articles, fc.boolean()).map(([at, id, s, a, conditional]) =>
    cmd('TablePackage', { proposalId: id, side: s, number: id, articles: proposed(a), conditional }, at)),
  fc.tuple(day, proposalId).map(([at, id]) => cmd('WithdrawProposal', { proposalId: id }, at)),
  fc.tuple(day, proposalId).map(([at, id]) => cmd('RejectPackage', { proposalId: id }, at)),
  fc.tuple(day, taId, side, fc.option(articles, { nil: undefined })).map(([at, id, s, a]) =>
    cmd('InitialTentativeAgreement', { taId: id, side: s, signatory: 'spokesperson', ...(a ? { articles: a.map((article) => ({ article, text: 'agreed' })) } : {}) }, at)),
  fc.tuple(day, taId, side).map(([at, id, s]) => cmd('WithdrawTentativeAgreement', { taId: id, withdrawnBy: s }, at)),
  fc.tuple(day, side, fc.constantFrom('written' as const, 'oral' as const)).map(([at, s, form]) => cmd('DeclareImpasse', { declaredBy: s, form }, at)),
  fc.tuple(day, fc.constantFrom('impasse-exists' as const, 'no-impasse' as const)).map(([at, determination]) => cmd('RecordPerbImpasseDetermination', { determination }, at)),
  fc.tuple(day, fc.constantFrom('employer' as const, 'union' as const, 'joint' as const)).map(([at, requestedBy]) => cmd('RequestPerbImpasseDetermination', { requestedBy }, at)),
  fc.tuple(day, text).map(([at, mediator]) => cmd('AppointMediator', { mediator }, at)),
  day.map((at) => cmd('HoldMediationSession', {}, at)),
  day.map((at) => cmd('CertifyFactfinding', {}, at)),
  day.map((at) => cmd('FormFactfindingPanel', { chair: 'chair' }, at)),
  day.map((at) => cmd('HoldFactfindingHearing', {}, at)),
  day.map((at) => cmd('IssueFactfindingReport', {}, at)),
  day.map((at) => cmd('MakeFactfindingReportPublic', {}, at)),
  day.map((at) => cmd('HoldImpasseHearing', { governingBody: 'council' }, at)),
  day.map((at) => cmd('ImposeLastBestFinalOffer', { governingBody: 'council', summary: 'lbfo' }, at)),
  fc.tuple(day, fc.uniqueArray(taId, { maxLength: 3 })).map(([at, taIds]) => cmd('ReachSettlement', { taIds, term: { start: '2025-07-01', end: '2028-06-30' }, summary: 'deal' }, at)),
  day.map((at) => cmd('DiscloseSettlementCosts', { summary: 'costs', certifiedBy: { superintendent: 'S' } }, at)),
  fc.tuple(day, fc.integer({ min: -2, max: 900 }), fc.integer({ min: 0, max: 900 })).map(([at, yes, no]) => cmd('HoldRatificationVote', { yes, no }, at)),
  day.map((at) => cmd('ApproveByGoverningBody', { governingBody: 'board', resolutionNumber: 'R-1' }, at)),
  day.map((at) => cmd('ExecuteAgreement', { signatories: { employer: ['E'], union: ['U'] } }, at)),
  fc.tuple(day, fc.boolean()).map(([at, precedential]) => cmd('ExecuteSideLetter', { title: 'letter', text: 't', precedential, signatories: { employer: [], union: [] } }, at)),
  fc.tuple(day, fc.boolean()).map(([at, precedential]) => cmd('ExecuteMemorandumOfUnderstanding', { title: 'mou', text: 't', precedential, signatories: { employer: [], union: [] } }, at)),
  fc.tuple(day, stoppageId, stoppageKind, participants, fc.option(day, { nil: undefined })).map(([at, id, kind, estimatedParticipants, plannedStartOn]) =>
    cmd('GiveWorkStoppageNotice', { stoppageId: id, kind, estimatedParticipants, plannedStartOn }, at)),
  fc.tuple(day, stoppageId, fc.boolean(), stoppageKind, participants).map(([at, id, noticed, kind, estimatedParticipants]) => cmd('BeginWorkStoppage', { stoppageId: id, noticed, kind, estimatedParticipants }, at)),
  fc.tuple(day, stoppageId, participants).map(([at, id, estimatedParticipants]) => cmd('EndWorkStoppage', { stoppageId: id, estimatedParticipants }, at)),
  fc.tuple(day, fc.option(stoppageId, { nil: undefined })).map(([at, id]) => cmd('AgreeReturnToWork', { stoppageId: id, terms: 'no reprisals' }, at)),
  fc.tuple(day, fc.constantFrom('strategy' as const, 'closed-session' as const, 'costing' as const, 'legal-advice' as const), fc.option(sessionId, { nil: undefined })).map(([at, kind, sid]) =>
    cmd('RecordConfidentialNote', { kind, title: 'note', body: 'body', ...(sid ? { sessionId: sid } : {}) }, at)),
  fc.tuple(day, fc.constantFrom('SessionHeld', 'ProposalTabled', 'CorrectionRecorded', 'RatificationVoteHeld')).map(([at, type]) =>
    cmd('RecordCorrection', { correctedEventId: 'e1', correctedEventType: type, reason: 'typo', correctedFields: { x: 1 } }, at)),
);

const concluding = fc.tuple(day, fc.constantFrom('settled' as const, 'imposed' as const, 'withdrawn' as const)).map(([at, outcome]) => cmd('ConcludeNegotiation', { outcome }, at));

// Concluding is rare, so that most histories run long enough to reach impasse and settlement.
const command: fc.Arbitrary<NegotiationCommand> = fc.oneof({ arbitrary: recording, weight: 60 }, { arbitrary: concluding, weight: 1 });

/** Decides each command on the state so far; refused commands store nothing, as in the real handler. */
function recordValid(commands: readonly NegotiationCommand[]): { events: NegotiationEvent[]; refused: number } {
  let state = initialState();
  const events: NegotiationEvent[] = [];
  let refused = 0;
  for (const c of [openCmd(), ...commands]) {
    let decided: NegotiationEvent[];
    try {
      decided = [...decide(c, state)];
    } catch (error) {
      // decide refuses only with a DomainError, never with a crash.
      if (!(error instanceof DomainError)) throw error;
      refused++;
      continue;
    }
    for (const event of decided) state = evolve(state, event);
    events.push(...decided);
  }
  return { events, refused };
}

const validHistory = fc.array(command, { maxLength: 80, size: 'max' }).map((commands) => recordValid(commands).events);

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

const foldAll = (events: readonly NegotiationEvent[], from: NegotiationState = initialState()) => fold(evolve, from, events);

describe('negotiation decider properties', () => {
  it('folding in one pass equals folding in arbitrary chunks', () => {
    fc.assert(
      fc.property(validHistory, fc.array(fc.nat(), { maxLength: 6 }), (events, cuts) => {
        const points = [...new Set(cuts.map((c) => c % (events.length + 1)))].sort((a, b) => a - b);
        let state = initialState();
        let from = 0;
        for (const point of [...points, events.length]) {
          state = foldAll(events.slice(from, point), state);
          from = point;
        }
        expect(state).toEqual(foldAll(events));
      }),
      { numRuns: 300 },
    );
  });

  it('fold(fold(s, a), b) equals fold(s, a ++ b)', () => {
    fc.assert(
      fc.property(validHistory, fc.nat(), (events, cut) => {
        const at = cut % (events.length + 1);
        const a = events.slice(0, at);
        const b = events.slice(at);
        expect(foldAll(b, foldAll(a))).toEqual(foldAll([...a, ...b]));
      }),
      { numRuns: 200 },
    );
  });

  it('evolve never throws nor mutates the state it is given', () => {
    fc.assert(
      fc.property(validHistory, (events) => {
        // A frozen state makes any mutation throw (ESM modules run in strict mode).
        let state = deepFreeze(initialState());
        for (const event of events) state = deepFreeze(evolve(state, event));
        expect(state.status).not.toBe('not-opened');
      }),
      { numRuns: 200 },
    );
  });

  it('states evolved together, sharing the parts they have in common, equal each state evolved alone', () => {
    // Three views of one history, as the summary read model keeps per clearance level: view k folds
    // the events of level k or below, so the views split wherever a higher-level fact arrives.
    fc.assert(
      fc.property(validHistory, fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 80, maxLength: 80 }), (events, levels) => {
        let together: NegotiationState[] = [initialState(), initialState(), initialState()];
        events.forEach((event, i) => {
          const shared = new SharedParts();
          together = together.map((state, view) => (levels[i % levels.length]! <= view ? evolveNegotiationSharing(state, event, shared.part) : state));
        });
        together.forEach((state, view) => expect(state).toEqual(foldAll(events.filter((_, i) => levels[i % levels.length]! <= view))));
      }),
      { numRuns: 300 },
    );
  });

  it('folds stored events (JSON round trip, with envelope fields) to the same state', () => {
    fc.assert(
      fc.property(validHistory, (events) => {
        const stored = events.map((event, revision) => ({
          ...(JSON.parse(JSON.stringify(event)) as NegotiationEvent),
          revision,
          occurredAt: { at: '2025-01-01', precision: 'day' },
          classification: negotiationDecider.classify!(event, initialState()),
        }));
        expect(JSON.parse(JSON.stringify(foldAll(stored)))).toEqual(JSON.parse(JSON.stringify(foldAll(events))));
      }),
      { numRuns: 100 },
    );
  });

  it('the generated histories exercise every event type', () => {
    const seen = new Set<string>();
    fc.assert(fc.property(validHistory, (events) => void events.forEach((e) => seen.add(e.type))), { numRuns: 300, seed: 42 });
    expect(NEGOTIATION_EVENT_TYPES.filter((type) => !seen.has(type))).toEqual([]);
  });

  it('warnings and classification are total over valid histories', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 40 }), (commands) => {
        let state = initialState();
        for (const c of [openCmd(), ...commands]) {
          let decided: NegotiationEvent[];
          try {
            decided = [...decide(c, state)];
          } catch {
            continue;
          }
          const warnings = negotiationDecider.warnings!(c, state, decided);
          expect(warnings.every((w) => /^[A-Z_]+$/.test(w.code) && w.message.length > 0)).toBe(true);
          for (const event of decided) expect(['public', 'internal', 'confidential', 'privileged']).toContain(negotiationDecider.classify!(event, state).level);
          state = fold(evolve, state, decided);
        }
      }),
      { numRuns: 150 },
    );
  });
});
