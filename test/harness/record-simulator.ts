/**
 * Random but valid records: drives the real deciders with plausible commands and keeps what they
 * accept (a refusal is simply skipped), so every generated event is one the system could have
 * stored. Used by the projection equivalence test and by bench:projections.
 */
import { randomUUID } from 'node:crypto';
import { type DemandCommand, type DemandedDecisionKind, type DemandState, demandDecider, demandStream, negotiationDecider, negotiationStream, unitDecider, unitStream, type NegotiationCommand, type NegotiationState, type UnitSnapshot } from '#bargaining';
import type { EventStore, NewEvent } from '#event-store';
import { informationRequestDecider, informationRequestPolicyDecider, informationRequestPolicyStream, informationRequestStream, type InformationRequest, type InformationRequestCommand } from '#information-requests';
import { type Command, type CommandMetadata, type Decider, DomainError, type Event, INTERNAL } from '#kernel';
import { ACCESS_LOG_CLASSIFICATION, accessLogStream } from '#access';

export interface SimulatedBatch {
  readonly stream: string;
  readonly events: readonly NewEvent[];
}

/** mulberry32: small, fast, seedable. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
}

const ARTICLES = ['1', '5', '10', '12', '15', '18', '21', '23', '24', '27'];
const WORDS = 'the district shall provide each unit member with salary benefits hours leave class size evaluation grievance days'.split(' ');
const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

interface Stream<S> {
  readonly name: string;
  state: S;
  day: string;
  seq: number;
}

export class RecordSimulator {
  readonly batches: SimulatedBatch[] = [];
  private count = 0;
  private readonly rnd;
  private readonly units: { id: string; snapshot: UnitSnapshot }[] = [];
  private readonly negotiations: SimulatedNegotiation[] = [];
  private readonly requests: (Stream<InformationRequest> & { id: string })[] = [];
  private readonly demands: string[] = [];
  /**
   * The negotiations `step` still moves (open, fewer than 150 steps) and the open information
   * requests, in creation order: what filtering every negotiation or request would give, kept as
   * they change so that a step costs the same in a record of a million events as in one of a thousand.
   */
  private active: SimulatedNegotiation[] = [];
  private openRequests: (Stream<InformationRequest> & { id: string })[] = [];

  private readonly startDay: string;
  private readonly spanDays: number;
  private readonly accessLogShare: number;

  /**
   * Generated negotiations open on a day within `spanDays` of `startDay`; units register four weeks
   * before it. `accessLogShare`: the share of generated steps that are access-log entries (reads of a
   * negotiation's confidential records); 0, the default, draws no random number for them.
   */
  constructor(seed = 1, options: { startDay?: string; spanDays?: number; accessLogShare?: number } = {}) {
    this.rnd = prng(seed);
    this.startDay = options.startDay ?? '2021-02-01';
    this.spanDays = options.spanDays ?? 900;
    this.accessLogShare = options.accessLogShare ?? 0;
  }

  /** Takes the batches generated so far out of the simulator (a large record is appended in slices). */
  drain(): SimulatedBatch[] {
    return this.batches.splice(0);
  }

  /** Ids a reader of the record can ask for: negotiations (with their sizes), units, information requests. */
  get inventory(): { negotiations: { id: string; unitId: string; events: number; lastEventId: string }[]; units: string[]; requests: string[]; demands: string[] } {
    return {
      negotiations: this.negotiations.map((n) => ({ id: n.id, unitId: n.unitId, events: n.events, lastEventId: n.lastEventId })),
      units: this.units.map((u) => u.id),
      requests: this.requests.map((r) => r.id),
      demands: [...this.demands],
    };
  }

  get events(): number {
    return this.count;
  }

  /**
   * The synthetic Bayview scenario of DOMAIN.md (EERA, salary reopener, impasse, factfinding,
   * settlement), including a session before adoption, a late session note and a correction.
   */
  bayview(): SimulatedBatch[] {
    const unit: UnitSnapshot = { unitId: 'bayview_btA', name: 'Bayview Teachers Association certificated unit', employer: 'Bayview Unified School District', employeeOrganization: 'Bayview Teachers Association', statute: 'EERA', currentAgreementTerm: { start: '2022-07-01', end: '2025-06-30' } };
    this.record(unitStream(unit.unitId), unitDecider, unitDecider.initialState(), { type: 'RegisterUnit', data: { ...unit, description: null }, metadata: this.metadata('2025-01-06') } as never);
    const id = 'bayview_2025';
    const stream = negotiationStream(id);
    let state = negotiationDecider.initialState();
    const base = { negotiationId: id };
    const run = (day: string, command: Omit<NegotiationCommand, 'metadata'>, lateDays = 1) => {
      const metadata = { ...this.metadata(day), now: `${addDays(day, lateDays)}T17:00:00.000Z` };
      const full = { ...command, metadata } as NegotiationCommand;
      const next = this.record(stream, negotiationDecider, state, full);
      if (!next) negotiationDecider.decide(full, state); // throws the refusal: the scenario must be recordable
      state = next!;
      return this.batches[this.batches.length - 1]!;
    };
    const art = (article: string, text: string) => ({ article, title: `Article ${article}`, changeKind: 'amend' as const, text });
    run('2025-01-15', { type: 'OpenNegotiation', data: { ...base, unit, kind: 'successor', articlesInScope: ['10', '15', '21', '23', '24'], expiringAgreementTerm: unit.currentAgreementTerm } });
    run('2025-01-20', { type: 'AgreeGroundRules', data: { ...base, taRule: 'reopenable-until-global', terms: 'Nothing is agreed until everything is agreed.' } });
    run('2025-02-12', { type: 'SunshineInitialProposal', data: { ...base, side: 'union', boardMeeting: 'Board meeting 2025-02-12', articles: ['10', '15', '21', '24'] } });
    run('2025-02-12', { type: 'SunshineInitialProposal', data: { ...base, side: 'employer', boardMeeting: 'Board meeting 2025-02-12', articles: ['10', '15', '21', '24'] } });
    run('2025-02-26', { type: 'HearPublicComment', data: { ...base, boardMeeting: 'Board meeting 2025-02-26' } });
    run('2025-03-05', { type: 'HoldSession', data: { ...base, sessionId: 'bv_s1', number: 1, place: 'District office', attendees: { employer: ['Chief negotiator'], union: ['President'] }, articlesDiscussed: ['24'] } });
    run('2025-03-12', { type: 'AdoptEmployerProposal', data: { ...base, boardMeeting: 'Board meeting 2025-03-12', resolutionNumber: '2025-14' } });
    const mistyped = run('2025-03-19', { type: 'TableProposal', data: { ...base, proposalId: 'bv_u1', side: 'union', number: 'U1', articles: [art('24', 'Salary schedule increased by 6% effective July 1, 2025.'), art('10', 'Class size shall not exceed 28.')] } });
    run('2025-03-26', {
      type: 'TableCounterproposal',
      data: {
        ...base,
        proposalId: 'bv_d1',
        side: 'employer',
        number: 'D1',
        respondsTo: 'bv_u1',
        articles: [art('24', 'Salary schedule increased by 2% effective July 1, 2025.'), art('10', 'Class size shall not exceed 31.')],
        costing: { summary: '2% on the salary schedule: $1.1M a year', costs: [{ fiscalYear: '2025-26', amount: '1100000.00' }] },
      },
    });
    run('2025-03-27', { type: 'RecordConfidentialNote', data: { ...base, kind: 'strategy', title: 'Caucus after session 2', body: 'Hold at 2% until the factfinding panel reports; class size is the trade.' } });
    run('2025-03-28', { type: 'RecordConfidentialNote', data: { ...base, kind: 'legal-advice', title: 'Counsel on the sunshine timing', body: 'The 2025-03-05 session preceded adoption; counsel advises disclosing it in the next board packet.' } });
    run('2025-04-02', { type: 'InitialTentativeAgreement', data: { ...base, taId: 'bv_ta23', side: 'employer', signatory: 'Chief negotiator', articles: [{ article: '23', title: 'Article 23', text: 'Evaluation procedures as agreed.' }] } });
    run('2025-04-04', { type: 'InitialTentativeAgreement', data: { ...base, taId: 'bv_ta23', side: 'union', signatory: 'Union president' } });
    run('2025-04-09', { type: 'HoldSession', data: { ...base, sessionId: 'bv_s2', number: 2, place: 'District office', attendees: { employer: ['Chief negotiator'], union: ['President'] }, articlesDiscussed: ['10', '24'], summary: 'Session note entered three weeks late' } }, 21);
    this.bayviewInformationRequest(unit.unitId, id);
    run('2025-05-07', { type: 'TablePackage', data: { ...base, proposalId: 'bv_d2', side: 'employer', number: 'D2', conditional: true, articles: [art('10', 'Class size 30.'), art('15', 'Leave: 12 days.'), art('21', 'Hours: 7.5.')] } });
    run('2025-05-14', { type: 'RejectPackage', data: { ...base, proposalId: 'bv_d2', reason: 'Union rejects the package' } });
    const proposalEvent = mistyped.events[0]!;
    run('2025-05-20', { type: 'RecordCorrection', data: { ...base, correctedEventId: proposalEvent.eventId, correctedEventType: proposalEvent.type, correctedEventClassification: proposalEvent.classification, reason: 'tabling date mis-keyed', correctedFields: { occurredAt: { at: '2025-03-18', precision: 'day' } } } });
    run('2025-06-18', { type: 'DeclareImpasse', data: { ...base, declaredBy: 'union', form: 'written' } });
    run('2025-07-10', { type: 'RecordPerbImpasseDetermination', data: { ...base, determination: 'impasse-exists', caseNumber: 'SF-IM-1234-E' } });
    run('2025-07-20', { type: 'AppointMediator', data: { ...base, mediator: 'State Mediation and Conciliation Service' } });
    run('2025-08-14', { type: 'HoldMediationSession', data: { ...base } });
    run('2025-09-02', { type: 'CertifyFactfinding', data: { ...base } });
    run('2025-11-03', { type: 'IssueFactfindingReport', data: { ...base, summary: 'Panel recommends 4%' } });
    run('2025-11-15', { type: 'MakeFactfindingReportPublic', data: { ...base, how: 'Posted on the district website' } });
    run('2025-12-10', { type: 'InitialTentativeAgreement', data: { ...base, taId: 'bv_ta_all', side: 'employer', signatory: 'Chief negotiator', articles: ['10', '15', '21', '24'].map((a) => ({ article: a, title: `Article ${a}`, text: `Agreed text of Article ${a}` })) } });
    run('2025-12-10', { type: 'InitialTentativeAgreement', data: { ...base, taId: 'bv_ta_all', side: 'union', signatory: 'Union president' } });
    run('2025-12-10', { type: 'ReachSettlement', data: { ...base, taIds: ['bv_ta23', 'bv_ta_all'], term: { start: '2025-07-01', end: '2028-06-30' }, summary: '4% salary, class size 29' } });
    run('2025-12-15', { type: 'HoldRatificationVote', data: { ...base, yes: 812, no: 143 } });
    run('2026-01-07', { type: 'DiscloseSettlementCosts', data: { ...base, summary: 'Costs for current and future years', certifiedBy: { superintendent: 'Superintendent', chiefBusinessOfficial: 'CBO' } } });
    run('2026-01-14', { type: 'ApproveByGoverningBody', data: { ...base, governingBody: 'Board of Education', resolutionNumber: '2026-03' } });
    this.bayviewDemand(unit.unitId);
    return this.batches;
  }

  /**
   * The union's demand to bargain the effects of a school closure, which the district agreed to
   * bargain; no negotiation was opened on it. Its metadata draws nothing from the seeded random
   * source, so what is generated after the scenario is the same with it as without it.
   */
  private bayviewDemand(unitId: string): void {
    this.demandToBargain(unitId, 'bayview_demand_1', '2025-09-15', { description: 'Closure of Harbor View Elementary in June 2026', kind: 'school-closure', decidedOn: '2025-09-10' }, 'The District will meet on the effects in October.');
  }

  /**
   * A demand to bargain the effects of a decision on each of the first `count` units, each agreed to
   * a week later (ids `demand_<n>`); drawn from no random source, like the Bayview demand.
   */
  demandsToBargain(count: number): void {
    this.units.slice(0, count).forEach((unit, i) => {
      const day = addDays(this.startDay, 7 * i);
      this.demandToBargain(unit.id, `demand_${i + 1}`, day, { description: `Reassignment of counselors, decision ${i + 1}`, kind: 'reorganisation', decidedOn: addDays(day, -5) }, 'The District agrees to meet on the effects.');
      this.demands.push(`demand_${i + 1}`);
    });
  }

  private demandToBargain(unitId: string, demandId: string, day: string, decision: { description: string; kind: DemandedDecisionKind; decidedOn: string }, answer: string): void {
    const stream = demandStream(demandId);
    let state: DemandState = demandDecider.initialState();
    const steps: [string, Omit<DemandCommand, 'metadata'>][] = [
      [day, { type: 'MakeDemandToBargain', data: { demandId, unitId, demandedBy: 'union', decision, scope: 'effects' } } as Omit<DemandCommand, 'metadata'>],
      [addDays(day, 7), { type: 'AnswerDemandToBargain', data: { demandId, answer: 'agrees', statement: answer } }],
    ];
    for (const [on, command] of steps) {
      const metadata: CommandMetadata = { now: `${addDays(on, 1)}T17:00:00.000Z`, occurredAt: { at: on, precision: 'day' }, actor: { subject: 'lr.director@district.example', role: 'negotiator' }, commandId: randomUUID(), correlationId: randomUUID() };
      const next = this.record(stream, demandDecider, state, { ...command, metadata } as DemandCommand);
      if (!next) throw new Error(`the demand to bargain ${demandId} refused ${command.type}`);
      state = next;
    }
  }

  /** The union's request for step-and-column costs: acknowledged, objected to on privacy grounds, produced in part. */
  private bayviewInformationRequest(unitId: string, negotiationId: string): void {
    const requestId = 'bayview_rfi_1';
    const stream = informationRequestStream(requestId);
    let state: InformationRequest | null = informationRequestDecider.initialState();
    const run = (day: string, command: Omit<InformationRequestCommand, 'metadata'>) => {
      const full = { ...command, metadata: { ...this.metadata(day), now: `${addDays(day, 1)}T17:00:00.000Z` } } as InformationRequestCommand;
      state = this.record(stream, informationRequestDecider, state!, full);
      if (!state) throw new Error(`the Bayview information request refused ${command.type}`);
    };
    run('2025-04-10', {
      type: 'ReceiveInformationRequest',
      data: {
        requestId,
        unitId,
        negotiationId,
        from: { organization: 'Bayview Teachers Association', person: 'Bargaining chair' },
        items: [
          { number: 1, description: 'Step-and-column placement of every unit member' },
          { number: 2, description: 'Cost of one step on the salary schedule, 2025-26' },
        ],
      },
    });
    run('2025-04-13', { type: 'AcknowledgeInformationRequest', data: { requestId } });
    run('2025-04-26', { type: 'ObjectToInformationItem', data: { requestId, itemNumber: 1, grounds: ['third-party-privacy'], explanation: 'Placement by name discloses individual salaries.', accommodationOffered: true, accommodationDescription: 'Placement counts per cell, without names' } });
    run('2025-05-22', { type: 'ProduceInformationItem', data: { requestId, itemNumber: 2, documents: [{ name: 'step-cost-2025-26.xlsx', sha256: 'c0'.repeat(32) }], completeness: 'partial' } });
  }

  /**
   * One busy negotiation of at least `events` events (proposals, counterproposals, packages,
   * sessions, TAs, withdrawals, notes on ten articles): what the web benchmark loads. Returns its id.
   */
  busyNegotiation(events: number): string {
    while (this.units.length < 1) this.registerUnit();
    this.openNegotiation();
    const n = this.negotiations.at(-1)!;
    const target = this.count + events;
    while (this.count < target) this.moveNegotiation(n);
    return n.id;
  }

  /** Generates until at least `events` events were accepted. */
  generate(events: number): SimulatedBatch[] {
    while (this.units.length < 5) this.registerUnit();
    while (this.count < events) this.step();
    return this.batches;
  }

  /**
   * `perUnit` information requests of each unit that name no negotiation, received a month apart
   * from the start: what compliance evaluates as the unit's own. Draws no random number.
   */
  unitRequests(perUnit: number): SimulatedBatch[] {
    for (const unit of this.units) {
      for (let i = 0; i < perUnit; i++) {
        const id = `rfi_${this.requests.length + 1}`;
        const day = addDays(this.startDay, 28 + 30 * i);
        const metadata = { now: `${addDays(day, 1)}T17:00:00.000Z`, occurredAt: { at: day, precision: 'day' as const }, actor: { subject: 'records@district.example', role: 'negotiator' as const }, commandId: randomUUID(), correlationId: randomUUID() };
        const data = { requestId: id, unitId: unit.id, from: { organization: 'Bayview Teachers Association', person: 'Bargaining chair' }, negotiationId: null, items: [{ number: 1, description: 'Salary schedule placement of every unit member' }] };
        const state = this.record(informationRequestStream(id), informationRequestDecider, informationRequestDecider.initialState(), { type: 'ReceiveInformationRequest', data, metadata } as InformationRequestCommand);
        if (state) this.requests.push({ id, name: informationRequestStream(id), state, day, seq: 1 });
      }
    }
    return this.batches;
  }

  /**
   * Every `every`-th negotiation still open concluded (withdrawn) on its latest day; the simulation
   * moves them no more. Draws no random number.
   */
  conclude(every: number): SimulatedBatch[] {
    this.negotiations.forEach((n, i) => {
      if (i % every !== every - 1) return;
      const metadata = { now: `${addDays(n.day, 1)}T17:00:00.000Z`, occurredAt: { at: n.day, precision: 'day' as const }, actor: { subject: 'chief.negotiator@district.example', role: 'negotiator' as const }, commandId: randomUUID(), correlationId: randomUUID() };
      const next = this.record(n.name, negotiationDecider, n.state, { type: 'ConcludeNegotiation', data: { negotiationId: n.id, outcome: 'withdrawn', summary: null }, metadata } as NegotiationCommand);
      if (next) {
        n.state = next;
        const batch = this.batches.at(-1)!;
        n.events += batch.events.length;
        n.lastEventId = batch.events.at(-1)!.eventId;
      }
    });
    this.active = this.active.filter(isActive);
    return this.batches;
  }

  /**
   * Side letters and MOUs executed in every `every`-th negotiation so far (some expiring within
   * weeks of their execution, some later, some open-ended): what the unit dashboards list. Draws no
   * random number, so the record generated after it is the one generated without it.
   */
  instruments(every: number): SimulatedBatch[] {
    this.negotiations.forEach((n, i) => {
      if (i % every !== 0) return;
      const kind = i % (2 * every) === 0 ? ('ExecuteSideLetter' as const) : ('ExecuteMemorandumOfUnderstanding' as const);
      const expiresOn = i % (3 * every) === 0 ? null : addDays(n.day, i % (3 * every) === every ? 40 : 400);
      const command = { type: kind, data: { negotiationId: n.id, title: `${kind === 'ExecuteSideLetter' ? 'Side letter' : 'MOU'} ${i}`, text: 'As agreed at the table.', precedential: false, expiresOn, signatories: { employer: ['Chief negotiator'], union: ['President'] } } };
      const metadata = { now: `${addDays(n.day, 1)}T17:00:00.000Z`, occurredAt: { at: n.day, precision: 'day' as const }, actor: { subject: 'chief.negotiator@district.example', role: 'negotiator' as const }, commandId: randomUUID(), correlationId: randomUUID() };
      const next = this.record(n.name, negotiationDecider, n.state, { ...command, metadata } as NegotiationCommand);
      if (next) {
        n.state = next;
        const batch = this.batches.at(-1)!;
        n.events += batch.events.length;
        n.lastEventId = batch.events.at(-1)!.eventId;
      }
    });
    return this.batches;
  }

  private text(words: number): string {
    return Array.from({ length: words }, () => this.rnd.pick(WORDS)).join(' ');
  }

  private record<C extends Command, E extends Event, S>(stream: string, decider: Decider<C, E, S>, state: S, command: C): S | null {
    let decided: readonly E[];
    try {
      decided = decider.decide(command, state);
    } catch (error) {
      if (error instanceof DomainError) return null;
      throw error;
    }
    if (decided.length === 0) return null;
    let next = state;
    const events: NewEvent[] = decided.map((event) => {
      const classification = decider.classify?.(event, state) ?? INTERNAL;
      next = decider.evolve(next, event);
      return {
        eventId: randomUUID(),
        type: event.type,
        data: event.data as Record<string, unknown>,
        occurredAt: command.metadata.occurredAt,
        recordedAt: command.metadata.now,
        actor: command.metadata.actor,
        correlationId: command.metadata.correlationId,
        commandId: command.metadata.commandId,
        classification,
      };
    });
    this.batches.push({ stream, events });
    this.count += events.length;
    return next;
  }

  private metadata(day: string): CommandMetadata {
    // Mostly recorded the next day; now and then weeks late, as real records are.
    const lag = this.rnd.next() < 0.05 ? 21 : 1;
    return {
      now: `${addDays(day, lag)}T17:00:00.000Z`,
      occurredAt: { at: day, precision: 'day' },
      actor: { subject: this.rnd.pick(['lr.director@district.example', 'chief.negotiator@district.example', 'records@district.example']), role: 'negotiator' },
      commandId: randomUUID(),
      correlationId: randomUUID(),
    };
  }

  private registerUnit(): void {
    const id = `unit_${this.units.length + 1}`;
    const snapshot: UnitSnapshot = { unitId: id, name: `Unit ${this.units.length + 1}`, employer: 'Bayview Unified School District', employeeOrganization: 'Bayview Teachers Association', statute: this.rnd.next() < 0.7 ? 'EERA' : 'MMBA', currentAgreementTerm: { start: '2022-07-01', end: '2025-06-30' } };
    const command = { type: 'RegisterUnit', data: { ...snapshot, description: null }, metadata: this.metadata(addDays(this.startDay, -28)) } as const;
    if (!this.record(unitStream(id), unitDecider, unitDecider.initialState(), command as never)) return;
    this.units.push({ id, snapshot });
    // Every other unit answers information requests on a policy of its own.
    if (this.units.length % 2 === 0) {
      this.record(informationRequestPolicyStream(id), informationRequestPolicyDecider, informationRequestPolicyDecider.initialState(), {
        type: 'SetInformationRequestPolicy',
        data: { unitId: id, policy: { kind: 'business-days', days: 15 }, holidays: ['2021-11-25', '2021-12-24', '2022-01-17'] },
        metadata: this.metadata(addDays(this.startDay, -27)),
      });
    }
  }

  private step(): void {
    if (this.accessLogShare > 0 && this.negotiations.length > 0 && this.rnd.next() < this.accessLogShare) return this.accessLogStep();
    const roll = this.rnd.next();
    // A real negotiation is a few hundred facts; the simulation moves on to new ones after that.
    const active = this.active;
    if (active.length < 8 || roll < 0.01) return this.openNegotiation();
    if (roll < 0.15) return this.informationRequestStep();
    this.moveNegotiation(this.rnd.pick(active));
  }

  private moveNegotiation(n: SimulatedNegotiation): void {
    this.negotiationStep(n);
    if (!isActive(n) && this.active.includes(n)) this.active = this.active.filter((a) => a !== n);
  }

  private openNegotiation(): void {
    const unit = this.rnd.pick(this.units);
    const id = `neg_${this.negotiations.length + 1}`;
    const day = addDays(this.startDay, this.rnd.int(this.spanDays));
    const state = this.record(negotiationStream(id), negotiationDecider, negotiationDecider.initialState(), {
      type: 'OpenNegotiation',
      data: { negotiationId: id, unit: unit.snapshot, kind: 'successor', articlesInScope: ARTICLES, expiringAgreementTerm: unit.snapshot.currentAgreementTerm },
      metadata: this.metadata(day),
    } as NegotiationCommand);
    if (state) {
      const n: SimulatedNegotiation = { id, name: negotiationStream(id), unitId: unit.id, state, day, seq: 0, proposals: [], tas: [], sessions: 0, events: 1, lastEventId: this.batches.at(-1)!.events[0]!.eventId };
      this.negotiations.push(n);
      if (isActive(n)) this.active.push(n);
    }
  }

  /** A negotiator's read of a negotiation's latest record, as the access log records it. */
  private accessLogStep(): void {
    const n = this.rnd.pick(this.negotiations);
    const at = `${addDays(n.day, 1)}T${String(8 + this.rnd.int(10)).padStart(2, '0')}:00:00.000Z`;
    const actor = { subject: this.rnd.pick(['lr.director@district.example', 'chief.negotiator@district.example', 'counsel@district.example']), role: 'negotiator' as const };
    const events: NewEvent[] = [
      {
        eventId: randomUUID(),
        type: 'RecordAccessed',
        data: { subject: actor.subject, role: actor.role, resource: 'GET /negotiations/:negotiationId/timeline', eventId: n.lastEventId, stream: n.name, classification: 'confidential', purpose: null, outcome: 'granted', reason: 'cleared', entries: null },
        occurredAt: { at, precision: 'instant' },
        recordedAt: at,
        actor,
        correlationId: randomUUID(),
        classification: ACCESS_LOG_CLASSIFICATION,
      },
    ];
    this.batches.push({ stream: accessLogStream(n.id), events });
    this.count += 1;
  }

  private negotiationStep(n: SimulatedNegotiation): void {
    n.day = addDays(n.day, this.rnd.int(3));
    n.seq += 1;
    const side = this.rnd.next() < 0.5 ? ('employer' as const) : ('union' as const);
    const other = side === 'employer' ? 'union' : 'employer';
    const articles = [...new Set(Array.from({ length: 1 + this.rnd.int(3) }, () => this.rnd.pick(ARTICLES)))];
    const proposed = articles.map((article) => ({ article, title: `Article ${article}`, changeKind: 'amend' as const, text: this.text(20 + this.rnd.int(60)) }));
    const roll = this.rnd.next();
    const base = { negotiationId: n.id };
    let command: Omit<NegotiationCommand, 'metadata'> | null = null;
    let after: ((s: NegotiationState) => void) | null = null;
    const proposalId = `p_${n.id}_${n.seq}`;
    if (roll < 0.3) {
      command = { type: 'TableProposal', data: { ...base, proposalId, side, number: `${side[0]!.toUpperCase()}${n.seq}`, articles: proposed } };
      after = () => n.proposals.push({ id: proposalId, side, articles, pkg: false });
    } else if (roll < 0.55) {
      const target = n.proposals.filter((p) => p.side === other);
      if (target.length === 0) return;
      const respondsTo = this.rnd.pick(target).id;
      command = { type: 'TableCounterproposal', data: { ...base, proposalId, side, number: `${side[0]!.toUpperCase()}${n.seq}`, articles: proposed, respondsTo } };
      after = () => n.proposals.push({ id: proposalId, side, articles, pkg: false });
    } else if (roll < 0.7) {
      n.sessions += 1;
      command = { type: 'HoldSession', data: { ...base, sessionId: `s_${n.id}_${n.sessions}`, number: n.sessions, place: 'District office, room 4', attendees: { employer: ['Chief negotiator'], union: ['President', 'Bargaining chair'] }, articlesDiscussed: articles } };
    } else if (roll < 0.8) {
      const awaiting = n.tas.filter((t) => t.signed.length === 1);
      if (awaiting.length > 0 && this.rnd.next() < 0.6) {
        const ta = this.rnd.pick(awaiting);
        const signer = ta.signed[0] === 'employer' ? 'union' : 'employer';
        command = { type: 'InitialTentativeAgreement', data: { ...base, taId: ta.id, side: signer, signatory: `${signer} spokesperson` } };
        after = () => ta.signed.push(signer);
      } else {
        const taId = `ta_${n.id}_${n.seq}`;
        command = { type: 'InitialTentativeAgreement', data: { ...base, taId, side, signatory: `${side} spokesperson`, articles: proposed.map(({ article, title, text }) => ({ article, title, text })) } };
        after = () => n.tas.push({ id: taId, signed: [side] });
      }
    } else if (roll < 0.87) {
      if (articles.length < 2) return;
      command = { type: 'TablePackage', data: { ...base, proposalId, side, number: `PKG${n.seq}`, articles: proposed, conditional: true } };
      after = () => n.proposals.push({ id: proposalId, side, articles, pkg: true });
    } else if (roll < 0.92) {
      const packages = n.proposals.filter((p) => p.pkg);
      if (packages.length === 0) return;
      command = { type: 'RejectPackage', data: { ...base, proposalId: this.rnd.pick(packages).id, reason: 'not acceptable' } };
    } else if (roll < 0.96) {
      if (n.proposals.length === 0) return;
      command = { type: 'WithdrawProposal', data: { ...base, proposalId: this.rnd.pick(n.proposals).id, reason: 'superseded' } };
    } else {
      command = { type: 'RecordConfidentialNote', data: { ...base, kind: this.rnd.pick(['strategy', 'closed-session', 'costing', 'legal-advice']), title: 'Caucus notes', body: this.text(40) } };
    }
    const next = this.record(n.name, negotiationDecider, n.state, { ...command, metadata: this.metadata(n.day) } as NegotiationCommand);
    if (next) {
      n.state = next;
      after?.(next);
      const batch = this.batches.at(-1)!;
      n.events += batch.events.length;
      n.lastEventId = batch.events.at(-1)!.eventId;
    }
  }

  private informationRequestStep(): void {
    const open = this.openRequests;
    if (open.length < 4 || this.rnd.next() < 0.2) {
      const n = this.negotiations.length > 0 ? this.rnd.pick(this.negotiations) : null;
      const id = `rfi_${this.requests.length + 1}`;
      const day = n ? n.day : addDays(this.startDay, 28);
      const items = 1 + this.rnd.int(4);
      const state = this.record(informationRequestStream(id), informationRequestDecider, informationRequestDecider.initialState(), {
        type: 'ReceiveInformationRequest',
        data: { requestId: id, unitId: n?.unitId ?? this.units[0]!.id, from: { organization: 'Bayview Teachers Association', person: 'Bargaining chair' }, negotiationId: n?.id ?? null, items: Array.from({ length: items }, (_, i) => ({ number: i + 1, description: this.text(8) })) },
        metadata: this.metadata(day),
      } as InformationRequestCommand);
      if (state) {
        const request = { id, name: informationRequestStream(id), state, day, seq: items };
        this.requests.push(request);
        if (state.status === 'open') this.openRequests.push(request);
      }
      return;
    }
    const r = this.rnd.pick(open);
    r.day = addDays(r.day, 1 + this.rnd.int(6));
    const roll = this.rnd.next();
    const itemNumber = 1 + this.rnd.int(r.seq);
    const data =
      roll < 0.25
        ? { type: 'AcknowledgeInformationRequest', data: { requestId: r.id } }
        : roll < 0.7
          ? { type: 'ProduceInformationItem', data: { requestId: r.id, itemNumber, documents: [{ name: `item-${itemNumber}.pdf`, sha256: 'ab'.repeat(32) }], completeness: this.rnd.next() < 0.5 ? 'partial' : 'complete' } }
          : roll < 0.9
            ? { type: 'ObjectToInformationItem', data: { requestId: r.id, itemNumber, grounds: ['third-party-privacy'], explanation: 'employee privacy', accommodationOffered: true, accommodationDescription: 'redacted copy' } }
            : { type: 'CloseInformationRequest', data: { requestId: r.id, disposition: 'partially-fulfilled' } };
    const next = this.record(r.name, informationRequestDecider, r.state, { ...data, metadata: this.metadata(r.day) } as InformationRequestCommand);
    if (next) {
      r.state = next;
      if (next.status !== 'open') this.openRequests = this.openRequests.filter((o) => o !== r);
    }
  }
}

type SimulatedNegotiation = Stream<NegotiationState> & {
  id: string;
  unitId: string;
  proposals: { id: string; side: 'employer' | 'union'; articles: string[]; pkg: boolean }[];
  tas: { id: string; signed: ('employer' | 'union')[] }[];
  sessions: number;
  /** Events in its stream, and the last one's id. */
  events: number;
  lastEventId: string;
};

/** Whether `step` may still move the negotiation. */
const isActive = (n: SimulatedNegotiation) => n.state.status === 'open' && n.seq < 150;

/** Appends simulated batches in order, tracking each stream's revision as a real writer would. */
export async function appendSimulated(store: EventStore, batches: readonly SimulatedBatch[], options: { revisions?: Map<string, number>; onProgress?: (done: number) => void } = {}): Promise<void> {
  // Shared across calls when the batches are appended in slices.
  const revisions = options.revisions ?? new Map<string, number>();
  const onProgress = options.onProgress;
  let done = 0;
  for (const batch of batches) {
    const expected = revisions.get(batch.stream);
    const result = await store.append(batch.stream, batch.events, { expectedRevision: expected ?? 'no_stream' });
    revisions.set(batch.stream, result.nextExpectedRevision);
    done += batch.events.length;
    onProgress?.(done);
  }
}

/**
 * The record the projection-equivalence test projects: the Bayview scenario and 3,000 generated
 * events. It holds every event type, classification and statute that 10,000 generated events hold,
 * and negotiations long enough for article histories of three pages (record-simulator.spec.ts
 * checks this), at a third of the projecting.
 */
export function equivalenceRecord(): SimulatedBatch[] {
  // A seed whose longest negotiation runs past two article-history pages (checked by its spec).
  const simulator = new RecordSimulator(2031);
  simulator.bayview();
  return simulator.generate(3_000);
}
