import {
  DEFAULT_POLICY_IN_EFFECT,
  type InformationRequestPolicyEvent,
  type SetInformationRequestPolicy,
  informationRequestPolicyDecider as decider,
  informationRequestPolicyStream,
  policyInEffectOn,
} from '#information-requests';
import { fold } from '#kernel';
import { deciderSpec } from '#testing';
import { meta } from '../../../test/fixtures.js';

const UNIT = 'bayview_certificated';
const spec = deciderSpec(decider);

const set = (at: string, kind: 'calendar-days' | 'business-days', days: number, holidays: string[] = [], unitId = UNIT): SetInformationRequestPolicy => ({
  type: 'SetInformationRequestPolicy',
  data: { unitId, policy: { kind, days }, holidays },
  metadata: meta(at),
});
const policySet = (effectiveOn: string, kind: 'calendar-days' | 'business-days', days: number, holidays: string[] = []): InformationRequestPolicyEvent => ({
  type: 'InformationRequestPolicySet',
  data: { unitId: UNIT, policy: { kind, days }, holidays, effectiveOn },
});

describe('the per-unit response policy', () => {
  describe('given no policy', () => {
    it('records one, effective from the day of occurredAt, holidays sorted and without duplicates', () => {
      spec.given([]).when(set('2025-01-02T17:30:00Z', 'business-days', 10, ['2025-05-26', '2025-01-20', '2025-05-26'])).then([
        policySet('2025-01-02', 'business-days', 10, ['2025-01-20', '2025-05-26']),
      ]);
    });

    it('records even the default: an explicit setting is a fact', () => {
      spec.given([]).when(set('2025-01-02', 'business-days', 10)).then([policySet('2025-01-02', 'business-days', 10)]);
    });

    it('is refused for a policy out of range, a malformed holiday, a future date or an id that could move the stream', () => {
      spec.given([]).when(set('2025-01-02', 'business-days', 0)).thenThrows('INVALID_RESPONSE_POLICY');
      spec.given([]).when(set('2025-01-02', 'calendar-days', 367)).thenThrows('INVALID_RESPONSE_POLICY');
      spec.given([]).when(set('2025-01-02', 'business-days', 10, ['2025-02-30'])).thenThrows('INVALID_BUSINESS_CALENDAR');
      spec.given([]).when(set('2999-01-04', 'business-days', 10)).thenThrows('OCCURRED_AT_IN_FUTURE');
      spec.given([]).when(set('2025-01-02', 'business-days', 10, [], 'x-y')).thenThrows('INVALID_UNIT_ID');
    });
  });

  describe('given a policy', () => {
    const history = [policySet('2025-01-02', 'business-days', 10, ['2025-05-26'])];

    it('records nothing when the same policy is set again later', () => {
      spec.given(history).when(set('2025-03-01', 'business-days', 10, ['2025-05-26'])).thenNothing();
    });

    it('records a change, and a change back', () => {
      spec.given(history).when(set('2025-03-01', 'calendar-days', 14, ['2025-05-26'])).then([policySet('2025-03-01', 'calendar-days', 14, ['2025-05-26'])]);
      spec.given(history).when(set('2025-03-01', 'business-days', 10)).then([policySet('2025-03-01', 'business-days', 10)]);
    });

    it('is refused for another unit', () => {
      spec.given(history).when(set('2025-03-01', 'business-days', 5, [], 'other_unit')).thenThrows('UNIT_ID_MISMATCH');
    });
  });

  describe('policyInEffectOn', () => {
    const state = fold(decider.evolve, decider.initialState(), [
      policySet('2025-06-01', 'business-days', 5),
      // Recorded later, effective earlier (a late entry): it governs until 06-01.
      policySet('2025-01-02', 'calendar-days', 14, ['2025-05-26']),
      policySet('2025-06-01', 'business-days', 7),
    ]);

    it('is the default before any version', () => {
      expect(policyInEffectOn(state, '2025-01-01')).toBe(DEFAULT_POLICY_IN_EFFECT);
      expect(DEFAULT_POLICY_IN_EFFECT).toMatchObject({ policy: { kind: 'business-days', days: 10 }, calendar: { holidays: [] }, basis: 'default' });
    });

    it('is the version dated latest on or before the day, whatever the order recorded; the later recorded on a tie', () => {
      expect(policyInEffectOn(state, '2025-01-02')).toMatchObject({ policy: { kind: 'calendar-days', days: 14 }, calendar: { holidays: ['2025-05-26'] }, effectiveOn: '2025-01-02', basis: 'unit-policy' });
      expect(policyInEffectOn(state, '2025-05-31')).toMatchObject({ policy: { kind: 'calendar-days', days: 14 } });
      expect(policyInEffectOn(state, '2025-06-01')).toMatchObject({ policy: { kind: 'business-days', days: 7 }, effectiveOn: '2025-06-01' });
    });
  });

  it('names its stream inforequestpolicy-<unitId>, a category of its own', () => {
    expect(informationRequestPolicyStream(UNIT)).toBe('inforequestpolicy-bayview_certificated');
    expect(() => informationRequestPolicyStream('a-b')).toThrow(expect.objectContaining({ code: 'INVALID_UNIT_ID' }));
  });
});
