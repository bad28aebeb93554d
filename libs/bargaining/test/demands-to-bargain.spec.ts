import {
  BargainingErrorCode as E,
  type DemandCommand,
  type DemandEvent,
  demandActingSide,
  demandBusinessDayField,
  demandDecider,
  demandSnapshot,
  demandStream,
  foldDemand,
  negotiationDecider,
} from '#bargaining';
import { fold } from '#kernel';
import { deciderSpec } from '#testing';
import { NEGOTIATION_ID, bayviewUnit, metadata, openCmd, sha } from './fixtures.js';

const demands = deciderSpec(demandDecider);
const negotiations = deciderSpec(negotiationDecider);

const DEMAND_ID = 'closures_2025';
const UNIT_ID = bayviewUnit().unitId;

type DemandCommandOf<T extends DemandCommand['type']> = Extract<DemandCommand, { type: T }>;
const demandCmd = <T extends DemandCommand['type']>(type: T, data: Omit<DemandCommandOf<T>['data'], 'demandId'> & { demandId?: string }, at: string): DemandCommandOf<T> =>
  ({ type, data: { demandId: DEMAND_ID, ...data }, metadata: metadata(at) }) as unknown as DemandCommandOf<T>;

const closures = { description: 'Closure of Harbor View and Lincoln elementary schools', kind: 'school-closure' as const, decidedOn: '2025-10-08' };
const make = demandCmd('MakeDemandToBargain', { unitId: UNIT_ID, demandedBy: 'union', decision: closures, scope: 'both' }, '2025-10-10');
const answer = (kind: 'agrees' | 'effects-only' | 'refuses' | 'claims-waiver', at = '2025-10-20', waiverBasis: string | null = null) =>
  demandCmd('AnswerDemandToBargain', { answer: kind, waiverBasis }, at);
const link = (negotiationId: string, unitId = UNIT_ID) => demandCmd('RecordNegotiationOnDemand', { unitId, negotiationId, negotiationKind: 'effects' }, '2025-11-03');

function events(...commands: DemandCommand[]): DemandEvent[] {
  const out: DemandEvent[] = [];
  for (const command of commands) out.push(...demandDecider.decide(command, fold(demandDecider.evolve, demandDecider.initialState(), out)));
  return out;
}

const made = events(make);
const answered = events(make, answer('effects-only'));

describe('a demand to bargain', () => {
  describe('made', () => {
    it('records who demanded, the decision (kind and day when known), the scope, on its business day', () => {
      demands.given([]).when(make).then([
        {
          type: 'DemandToBargainMade',
          data: { demandId: DEMAND_ID, unitId: UNIT_ID, demandedBy: 'union', decision: closures, scope: 'both', statement: null, documents: [], demandedOn: '2025-10-10' },
        },
      ]);
    });

    it('records a decision whose day is not known, with its documents', () => {
      const [event] = demands
        .given([])
        .when(demandCmd('MakeDemandToBargain', { unitId: UNIT_ID, demandedBy: 'union', decision: { description: 'Layoff of 40 counsellors', kind: 'layoff' }, scope: 'effects', documents: [{ name: 'demand.pdf', sha256: sha('d') }] }, '2025-03-01'))
        .events();
      expect(event).toMatchObject({ data: { decision: { kind: 'layoff', decidedOn: null }, scope: 'effects', documents: [{ name: 'demand.pdf' }] } });
      expect(demandActingSide(event!)).toBe('union');
      expect(demandBusinessDayField(event!.type)).toBe('demandedOn');
    });

    it('refuses a second demand under one id, unknown kinds and scopes, a decision without description', () => {
      demands.given(made).when(make).thenThrows(E.DEMAND_ALREADY_MADE);
      demands.given([]).when(demandCmd('MakeDemandToBargain', { unitId: UNIT_ID, demandedBy: 'union', decision: { ...closures, kind: 'outsourcing' as never }, scope: 'both' }, '2025-10-10')).thenThrows(E.INVALID_VALUE);
      demands.given([]).when(demandCmd('MakeDemandToBargain', { unitId: UNIT_ID, demandedBy: 'union', decision: closures, scope: 'impact' as never }, '2025-10-10')).thenThrows(E.INVALID_VALUE);
      demands.given([]).when(demandCmd('MakeDemandToBargain', { unitId: UNIT_ID, demandedBy: 'both' as never, decision: closures, scope: 'both' }, '2025-10-10')).thenThrows(E.INVALID_VALUE);
      demands.given([]).when(demandCmd('MakeDemandToBargain', { unitId: UNIT_ID, demandedBy: 'union', decision: { ...closures, description: '  ' }, scope: 'both' }, '2025-10-10')).thenThrows(E.REQUIRED_TEXT_MISSING);
      demands.given([]).when(demandCmd('MakeDemandToBargain', { unitId: UNIT_ID, demandedBy: 'union', decision: { ...closures, decidedOn: '2025-13-01' }, scope: 'both' }, '2025-10-10')).thenThrows(E.INVALID_DATE);
    });

    it('records a decision whose day the record gives only as a month or a bound, filed under its earliest possible day; refuses both forms at once and a malformed one', () => {
      const decided = (over: object) => demandCmd('MakeDemandToBargain', { unitId: UNIT_ID, demandedBy: 'union', decision: { description: 'Closures', kind: 'school-closure', ...over }, scope: 'both' }, '2025-10-10');
      expect(demands.given([]).when(decided({ decided: { at: '2025-09', precision: 'month' } })).events()[0]!.data).toMatchObject({
        decision: { decidedOn: '2025-09-01', decidedAsKnown: { at: '2025-09', precision: 'month' } },
      });
      // A day given either way is stored the same.
      expect(demands.given([]).when(decided({ decided: { at: '2025-09-12', precision: 'day' } })).events()[0]!.data).toMatchObject({ decision: { decidedOn: '2025-09-12' } });
      expect((demands.given([]).when(decided({ decided: { at: '2025-09-12', precision: 'day' } })).events()[0]!.data as { decision: object }).decision).not.toHaveProperty('decidedAsKnown');
      demands.given([]).when(decided({ decidedOn: '2025-09-12', decided: { at: '2025-09', precision: 'month' } })).thenThrows(E.INVALID_VALUE);
      demands.given([]).when(decided({ decided: { at: '2025-13', precision: 'month' } })).thenThrows(E.INVALID_DATE);
    });

    it('refuses a demand dated in the future', () => {
      demands.given([]).when(demandCmd('MakeDemandToBargain', { unitId: UNIT_ID, demandedBy: 'union', decision: closures, scope: 'both' }, '2027-01-01')).thenThrows('OCCURRED_AT_IN_FUTURE');
    });
  });

  describe('answered', () => {
    it('records the answer of the side the demand was made of', () => {
      demands.given(made).when(answer('effects-only')).then([
        {
          type: 'DemandToBargainAnswered',
          data: { demandId: DEMAND_ID, unitId: UNIT_ID, answeredBy: 'employer', answer: 'effects-only', waiverBasis: null, statement: null, documents: [], answeredOn: '2025-10-20' },
        },
      ]);
    });

    it('records a waiver claim with its basis, and an answer on the day of the demand', () => {
      const [event] = demands.given(made).when(answer('claims-waiver', '2025-10-10', 'Article 3, management rights')).events();
      expect(event).toMatchObject({ data: { answer: 'claims-waiver', waiverBasis: 'Article 3, management rights', answeredOn: '2025-10-10' } });
      expect(demandActingSide(event!)).toBe('employer');
    });

    it('refuses a waiver claim without its basis, and a basis with another answer', () => {
      demands.given(made).when(answer('claims-waiver')).thenThrows(E.REQUIRED_TEXT_MISSING);
      demands.given(made).when(answer('refuses', '2025-10-20', 'Article 3')).thenThrows(E.INVALID_VALUE);
      demands.given(made).when(answer('maybe' as never)).thenThrows(E.INVALID_VALUE);
    });

    it('refuses an answer before the demand, a second answer, an answer to a demand never made', () => {
      demands.given(made).when(answer('agrees', '2025-10-09')).thenThrows(E.DEMAND_ANSWERED_BEFORE_MADE);
      demands.given(answered).when(answer('refuses', '2025-10-25')).thenThrows(E.DEMAND_ALREADY_ANSWERED);
      demands.given([]).when(answer('agrees')).thenThrows(E.DEMAND_NOT_RECORDED);
    });
  });

  describe('the negotiation that follows', () => {
    it('records the negotiation opened on the demand, once', () => {
      demands.given(answered).when(link('effects_2025')).then([
        { type: 'NegotiationOpenedOnDemand', data: { demandId: DEMAND_ID, unitId: UNIT_ID, negotiationId: 'effects_2025', negotiationKind: 'effects', openedOn: '2025-11-03' } },
      ]);
      demands.given(events(make, answer('agrees'), link('effects_2025'))).when(link('effects_2025')).thenNothing();
    });

    it('records bargaining on a demand never answered, and several negotiations on one demand', () => {
      const state = foldDemand(events(make, link('decision_2025'), link('effects_2025')));
      expect(state.status === 'made' && state.negotiations.map((n) => n.negotiationId)).toEqual(['decision_2025', 'effects_2025']);
      expect(state.status === 'made' && state.answer).toBeNull();
    });

    it('refuses a negotiation of another unit, and one on a demand never made', () => {
      demands.given(made).when(link('effects_2025', 'bayview_classified')).thenThrows(E.DEMAND_OF_ANOTHER_UNIT);
      demands.given([]).when(link('effects_2025')).thenThrows(E.DEMAND_NOT_RECORDED);
    });

    it('opens a negotiation on a demand of its unit, naming it; refuses one of another unit', () => {
      const demand = demandSnapshot(foldDemand(answered), DEMAND_ID);
      const [opened] = negotiations.given([]).when(openCmd('EERA', { kind: 'effects', demand })).events();
      expect(opened).toMatchObject({ type: 'NegotiationOpened', data: { negotiationId: NEGOTIATION_ID, kind: 'effects', demandId: DEMAND_ID } });
      negotiations.given([]).when(openCmd('EERA', { kind: 'mid-term', demand: { ...demand, unitId: 'bayview_classified' } })).thenThrows(E.DEMAND_OF_ANOTHER_UNIT);
      const [plain] = negotiations.given([]).when(openCmd()).events();
      expect(plain).toMatchObject({ data: { demandId: null } });
    });

    it('resolves no snapshot of a demand never made', () => {
      expect(() => demandSnapshot(foldDemand([]), DEMAND_ID)).toThrow(expect.objectContaining({ code: E.DEMAND_NOT_RECORDED }));
    });
  });

  it('names its own stream, demand-<id>', () => {
    expect(demandStream(DEMAND_ID)).toBe('demand-closures_2025');
    expect(() => demandStream('a-b')).toThrow(expect.objectContaining({ code: E.INVALID_ID }));
  });
});
