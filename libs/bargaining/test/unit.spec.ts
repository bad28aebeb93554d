import { BargainingErrorCode as E, type UnitCommand, negotiationStream, unitDecider, unitSnapshot, unitStream } from '#bargaining';
import { fold } from '#kernel';
import { deciderSpec } from '#testing';
import { metadata } from './fixtures.js';

const spec = deciderSpec(unitDecider);

const register = (over: Partial<Extract<UnitCommand, { type: 'RegisterUnit' }>['data']> = {}, at = '2025-01-02'): UnitCommand => ({
  type: 'RegisterUnit',
  data: {
    unitId: 'bayview_teachers',
    name: 'Certificated',
    employer: 'Bayview Unified School District',
    employeeOrganization: 'Bayview Teachers Association',
    statute: 'EERA',
    currentAgreementTerm: { start: '2022-07-01', end: '2025-06-30' },
    ...over,
  },
  metadata: metadata(at),
});
const newTerm = (unitId = 'bayview_teachers'): UnitCommand => ({
  type: 'RecordUnitAgreementTerm',
  data: { unitId, term: { start: '2025-07-01', end: '2028-06-30' }, negotiationId: 'bayview_2025' },
  metadata: metadata('2026-01-20'),
});
const registered = unitDecider.decide(register(), unitDecider.initialState());

describe('bargaining unit decider', () => {
  describe('unregistered', () => {
    it('registers a unit', () => {
      spec.given([]).when(register()).then([
        {
          type: 'UnitRegistered',
          data: {
            unitId: 'bayview_teachers',
            name: 'Certificated',
            employer: 'Bayview Unified School District',
            employeeOrganization: 'Bayview Teachers Association',
            statute: 'EERA',
            currentAgreementTerm: { start: '2022-07-01', end: '2025-06-30' },
            description: null,
          },
        },
      ]);
    });

    it('refuses a bad id, statute, term or missing name, and a future occurredAt', () => {
      spec.given([]).when(register({ unitId: 'bay-view' })).thenThrows(E.INVALID_ID);
      spec.given([]).when(register({ statute: 'NLRA' as never })).thenThrows(E.INVALID_VALUE);
      spec.given([]).when(register({ currentAgreementTerm: { start: '2025-07-01', end: '2025-06-30' } })).thenThrows(E.AGREEMENT_TERM_INVALID);
      spec.given([]).when(register({ name: '' })).thenThrows(E.REQUIRED_TEXT_MISSING);
      spec.given([]).when(register({}, '2027-01-01')).thenThrows('OCCURRED_AT_IN_FUTURE');
    });

    it('refuses a new agreement term for a unit never registered (404)', () => {
      spec.given([]).when(newTerm()).thenThrows(E.UNIT_NOT_REGISTERED);
      expect(() => unitSnapshot(unitDecider.initialState(), 'x')).toThrow(expect.objectContaining({ code: E.UNIT_NOT_REGISTERED, kind: 'not-found' }));
    });
  });

  describe('registered', () => {
    it('refuses registering twice', () => {
      spec.given(registered).when(register()).thenThrows(E.UNIT_ALREADY_REGISTERED);
    });

    it('records a new agreement term, which the snapshot then carries', () => {
      spec.given(registered).when(newTerm()).then([
        { type: 'UnitAgreementTermRecorded', data: { unitId: 'bayview_teachers', term: { start: '2025-07-01', end: '2028-06-30' }, negotiationId: 'bayview_2025' } },
      ]);
      const state = fold(unitDecider.evolve, unitDecider.initialState(), [...registered, ...unitDecider.decide(newTerm(), fold(unitDecider.evolve, unitDecider.initialState(), registered))]);
      expect(unitSnapshot(state)).toEqual({
        unitId: 'bayview_teachers',
        name: 'Certificated',
        employer: 'Bayview Unified School District',
        employeeOrganization: 'Bayview Teachers Association',
        statute: 'EERA',
        currentAgreementTerm: { start: '2025-07-01', end: '2028-06-30' },
        agreementTerms: [
          { start: '2022-07-01', end: '2025-06-30' },
          { start: '2025-07-01', end: '2028-06-30' },
        ],
      });
    });

    it('records nothing when the same term from the same negotiation is recorded again (an execution retried)', () => {
      spec.given([...registered, ...unitDecider.decide(newTerm(), fold(unitDecider.evolve, unitDecider.initialState(), registered))]).when(newTerm()).then([]);
    });

    it('keeps the latest-starting term as current when an older term is recorded later (a history entered afterwards)', () => {
      const older: UnitCommand = { type: 'RecordUnitAgreementTerm', data: { unitId: 'bayview_teachers', term: { start: '2019-07-01', end: '2022-06-30' } }, metadata: metadata('2026-01-20') };
      const state = fold(unitDecider.evolve, unitDecider.initialState(), [...registered, ...unitDecider.decide(older, fold(unitDecider.evolve, unitDecider.initialState(), registered))]);
      expect(unitSnapshot(state)).toMatchObject({
        currentAgreementTerm: { start: '2022-07-01', end: '2025-06-30' },
        agreementTerms: [{ start: '2019-07-01', end: '2022-06-30' }, { start: '2022-07-01', end: '2025-06-30' }],
      });
    });

    it('refuses a command for another unit on this stream', () => {
      spec.given(registered).when(newTerm('other_unit')).thenThrows(E.UNIT_ID_MISMATCH);
    });
  });
});

describe('stream names', () => {
  it('name unit and negotiation streams by category', () => {
    expect(unitStream('bayview_teachers')).toBe('unit-bayview_teachers');
    expect(negotiationStream('0b6f9a52-6c1e-4a55-9d55-1b1f0f7c9a11')).toBe('negotiation-0b6f9a52-6c1e-4a55-9d55-1b1f0f7c9a11');
  });

  it.each(['', 'a-b', 'a b', '../x', 'x'.repeat(101), 'é'])('refuse the id %j', (id) => {
    expect(() => negotiationStream(id)).toThrow(expect.objectContaining({ code: E.INVALID_ID }));
    expect(() => unitStream(id)).toThrow(expect.objectContaining({ code: E.INVALID_ID }));
  });
});
