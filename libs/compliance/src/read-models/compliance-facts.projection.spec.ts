import { fold } from '#kernel';
import { type InformationRequest, type InformationRequestEvent, informationRequestDecider } from '#information-requests';
import type { RecordedEvent } from '#event-store';
import {
  bayviewRequestCommands,
  n,
  open,
  recordNegotiation,
  recordRequest,
  recordUnit,
  session,
  sunshined,
  table,
} from '../../test/fixtures.js';
import type { ComplianceFactsDoc, NegotiationComplianceFacts, RequestComplianceFacts, UnitComplianceFacts } from '../facts/facts.js';
import { COMPLIANCE_FACTS, COMPLIANCE_PROJECTIONS } from './compliance-facts.projection.js';

/** What the read store does with one projection: per key, evolve in order. */
function project(events: readonly RecordedEvent[]): Map<string, ComplianceFactsDoc> {
  const docs = new Map<string, ComplianceFactsDoc>();
  for (const event of events) {
    for (const key of COMPLIANCE_FACTS.keys(event)) {
      const next = COMPLIANCE_FACTS.evolve(docs.get(key) ?? null, event, key);
      if (next === null) docs.delete(key);
      else docs.set(key, next);
    }
  }
  return docs;
}

const columns = (doc: ComplianceFactsDoc) => Object.fromEntries(Object.entries(COMPLIANCE_FACTS.columns!).map(([name, spec]) => [name, spec.value(doc)]));

describe('the compliance-facts projection', () => {
  const negotiation = recordNegotiation([
    open(),
    ...sunshined(['10']),
    session(1, '2025-03-05'),
    table('u1', 'union', ['10'], '2025-03-05', true),
    n('RecordConfidentialNote', { kind: 'strategy', title: 'Fallback on Article 10', body: 'Settle at 3%', sessionId: 'session_1' }, '2025-03-05'),
  ]);
  const request = recordRequest(bayviewRequestCommands());
  const unit = recordUnit();

  it('is versioned and reads the negotiation, information request and unit categories', () => {
    expect(COMPLIANCE_PROJECTIONS).toEqual([COMPLIANCE_FACTS]);
    expect([COMPLIANCE_FACTS.name, COMPLIANCE_FACTS.version, COMPLIANCE_FACTS.categories]).toEqual(['compliance-facts', 5, ['negotiation', 'inforequest', 'unit']]);
  });

  it('keys each gathered event by its stream, and skips what the rules never read (costing, confidential notes, other categories)', () => {
    expect(negotiation.map((e) => [e.type, COMPLIANCE_FACTS.keys(e)])).toEqual([
      ['NegotiationOpened', ['negotiation-bayview_2025']],
      ['InitialProposalSunshined', ['negotiation-bayview_2025']],
      ['InitialProposalSunshined', ['negotiation-bayview_2025']],
      ['PublicCommentHeard', ['negotiation-bayview_2025']],
      ['EmployerProposalAdopted', ['negotiation-bayview_2025']],
      ['SessionHeld', ['negotiation-bayview_2025']],
      ['ProposalTabled', ['negotiation-bayview_2025']],
      ['ProposalCostingRecorded', []],
      ['ConfidentialNoteRecorded', []],
    ]);
    expect(COMPLIANCE_FACTS.keys({ ...negotiation[0]!, stream: 'accesslog-1' })).toEqual([]);
  });

  it('gathers dated facts without content, and columns to find them by', () => {
    const doc = project(negotiation).get('negotiation-bayview_2025') as NegotiationComplianceFacts;
    expect(doc).toMatchObject({ kind: 'negotiation', negotiationId: 'bayview_2025', unitId: 'bayview_teachers', statute: 'EERA', openedOn: '2025-01-15', classification: 'internal', revision: 6 });
    expect(doc.facts.map((f) => [f.type, f.on])).toEqual([
      ['NegotiationOpened', '2025-01-15'],
      ['InitialProposalSunshined', '2025-02-12'],
      ['InitialProposalSunshined', '2025-02-12'],
      ['PublicCommentHeard', '2025-02-12'],
      ['EmployerProposalAdopted', '2025-02-12'],
      ['SessionHeld', '2025-03-05'],
      ['ProposalTabled', '2025-03-05'],
    ]);
    expect(doc.facts[6]).toEqual({
      eventId: negotiation[6]!.eventId,
      type: 'ProposalTabled',
      revision: 6,
      on: '2025-03-05',
      originallyOn: '2025-03-05',
      recordedAt: negotiation[6]!.recordedAt,
      classification: 'internal',
      correctedBy: [],
      proposalId: 'u1',
      side: 'union',
      articles: ['10'],
    });
    expect(JSON.stringify(doc)).not.toMatch(/Settle at 3%|Article 10 text|1200000/);
    expect(columns(doc)).toEqual({ kind: 'negotiation', unit_id: 'bayview_teachers', negotiation_id: 'bayview_2025', statute: 'EERA', classification: 'internal' });
  });

  it('changes nothing when an event is applied again (replay is idempotent)', () => {
    const once = project(negotiation);
    const twice = project([...negotiation, ...negotiation]);
    expect(twice).toEqual(once);
  });

  it('applies a correction to the fact it names, keeping the day first recorded and the correction id', () => {
    const corrected = recordNegotiation(
      [n('RecordCorrection', { correctedEventId: negotiation[5]!.eventId, correctedEventType: 'SessionHeld', reason: 'Held on 03-04', correctedFields: { occurredAt: { at: '2025-03-04', precision: 'day' }, place: 'Room B' } }, '2025-04-01')],
      undefined,
      negotiation,
    );
    const doc = project(corrected).get('negotiation-bayview_2025') as NegotiationComplianceFacts;
    expect(doc.facts[5]).toMatchObject({ type: 'SessionHeld', on: '2025-03-04', originallyOn: '2025-03-05', correctedBy: [corrected.at(-1)!.eventId] });
    expect(doc.corrections).toEqual([
      { eventId: corrected.at(-1)!.eventId, revision: 9, on: '2025-04-01', recordedAt: corrected.at(-1)!.recordedAt, correctedEventId: negotiation[5]!.eventId, correctedEventType: 'SessionHeld', applied: ['on'] },
    ]);
  });

  it('corrects a gathered field other than the day (the articles of a proposal) and ignores corrections of what it does not gather', () => {
    const corrected = recordNegotiation(
      [
        n('RecordCorrection', { correctedEventId: negotiation[6]!.eventId, correctedEventType: 'ProposalTabled', reason: 'Article 11, not 10', correctedFields: { articles: [{ article: '11', title: null, changeKind: 'amend', text: 'x' }] } }, '2025-04-01'),
        n('RecordCorrection', { correctedEventId: negotiation[8]!.eventId, correctedEventType: 'ConfidentialNoteRecorded', reason: 'typo', correctedFields: { title: 'Fallback' } }, '2025-04-02'),
      ],
      undefined,
      negotiation,
    );
    const doc = project(corrected).get('negotiation-bayview_2025') as NegotiationComplianceFacts;
    expect(doc.facts[6]).toMatchObject({ articles: ['11'], on: '2025-03-05' });
    expect(doc.corrections.map((c) => c.applied)).toEqual([['articles'], []]);
  });

  it('folds a request with the domain evolve, keeping each event as a dated fact with its item', () => {
    const doc = project(request).get('inforequest-rfi_2025_007') as RequestComplianceFacts;
    const domain = fold(informationRequestDecider.evolve, informationRequestDecider.initialState(), request as unknown as InformationRequestEvent[]) as InformationRequest;
    expect(doc.state).toEqual(domain);
    expect(doc.events.map((e) => [e.type, e.on, e.itemNumber])).toEqual([
      ['InformationRequestReceived', '2025-04-10', null],
      ['InformationRequestAcknowledged', '2025-04-13', null],
      ['InformationItemObjected', '2025-04-26', 1],
      ['InformationItemProduced', '2025-05-22', 2],
    ]);
    expect(columns(doc)).toEqual({ kind: 'information-request', unit_id: 'bayview_teachers', negotiation_id: 'bayview_2025', statute: null, classification: 'internal' });
    expect(project([...request, ...request])).toEqual(project(request));
  });

  it('keeps the unit with its statute', () => {
    const doc = project(unit).get('unit-bayview_teachers') as UnitComplianceFacts;
    expect(doc).toEqual({ kind: 'unit', unitId: 'bayview_teachers', name: 'Bayview certificated unit', statute: 'EERA', revision: 0 });
    expect(columns(doc)).toEqual({ kind: 'unit', unit_id: 'bayview_teachers', negotiation_id: null, statute: 'EERA', classification: null });
  });

  it('keeps nothing for events of a stream whose first fact never came', () => {
    expect(project(negotiation.slice(1)).size).toBe(0);
    expect(project(request.slice(1)).size).toBe(0);
  });
});
