import type { InformationRequestCommand } from '#information-requests';
import { r, recordRequest, requestFacts } from '../../test/fixtures.js';
import { evaluateCompliance } from './evaluate.js';
import { EERA_V1, MMBA_V1 } from './rule-sets.js';
import type { RuleSet } from './types.js';

/* Received Thursday 2025-04-10 under 10 business days: due 2025-04-24. */

const evaluate = (commands: InformationRequestCommand[], asOf: string, ruleSet: RuleSet = EERA_V1) => {
  const request = requestFacts(recordRequest(commands));
  return evaluateCompliance(ruleSet, { unitId: request.unitId, negotiation: null, requests: [request] }, asOf).flags;
};
const rules = (commands: InformationRequestCommand[], asOf: string) => evaluate(commands, asOf).map((f) => [f.ruleId, f.severity]);

describe('information request rules (eera.v1; mmba.v1 reads them the same under its own citations)', () => {
  it('raises nothing on a request answered in full on time', () => {
    expect(rules([r.receive('2025-04-10'), r.produce('2025-04-20', 1, 'complete'), r.produce('2025-04-24', 2, 'complete')], '2025-06-01')).toEqual([]);
  });

  it('raises nothing before the request was received, or before its due date passed', () => {
    expect(rules([r.receive('2025-04-10')], '2025-04-09')).toEqual([]);
    expect(rules([r.receive('2025-04-10')], '2025-04-24')).toEqual([]);
  });

  it('flags a request with no response at all past due: overdue (medium) and no response (high)', () => {
    expect(rules([r.receive('2025-04-10')], '2025-04-25')).toEqual([
      ['eera.information-request-no-response-past-due', 'high'],
      ['eera.information-request-overdue', 'medium'],
    ]);
    const [noResponse] = evaluate([r.receive('2025-04-10')], '2025-04-25', MMBA_V1);
    expect(noResponse).toMatchObject({
      ruleId: 'mmba.information-request-no-response-past-due',
      citation: 'Gov. Code 3505, 3506.5(c) (duty to furnish information relevant to representation)',
      requestId: 'rfi_2025_007',
      negotiationId: 'bayview_2025',
      raisedOn: '2025-04-25',
      details: { daysOverdue: 1, anyResponse: false },
    });
  });

  it('moves the due date with an extension dated before it passed', () => {
    expect(rules([r.receive('2025-04-10'), r.extend('2025-04-22', '2025-05-08')], '2025-05-08')).toEqual([]);
    const [, overdue] = evaluate([r.receive('2025-04-10'), r.extend('2025-04-22', '2025-05-08')], '2025-05-09');
    expect(overdue).toMatchObject({ ruleId: 'eera.information-request-overdue', raisedOn: '2025-05-09', dates: { dueOn: '2025-05-08' }, details: { extensionsGranted: 1 } });
    expect(overdue!.facts.map((f) => f.as)).toEqual(['request received', 'deadline extended']);
  });

  it('keeps a late production on the record after the request is answered in full', () => {
    const commands = [r.receive('2025-04-10'), r.produce('2025-04-20', 1, 'complete'), r.produce('2025-05-02', 2, 'complete')];
    expect(evaluate(commands, '2025-06-01')).toEqual([
      expect.objectContaining({
        ruleId: 'eera.information-request-answered-late',
        severity: 'medium',
        raisedOn: '2025-04-25',
        dates: { receivedOn: '2025-04-10', dueOn: '2025-04-24', answeredOn: '2025-05-02' },
        details: { itemNumber: 2, daysLate: 8 },
      }),
    ]);
  });

  it('flags an objection after a production on the request, though before the due date', () => {
    const [late] = evaluate([r.receive('2025-04-10'), r.produce('2025-04-14', 2, 'partial'), r.object('2025-04-16', 1)], '2025-04-20');
    expect(late).toMatchObject({
      ruleId: 'eera.information-request-late-objection',
      raisedOn: '2025-04-16',
      details: { itemNumber: 1, reasons: ['after-first-production-on-request'] },
    });
  });

  it('does not flag an objection raised with the first response', () => {
    expect(rules([r.receive('2025-04-10'), r.object('2025-04-16', 1), r.produce('2025-04-16', 2, 'complete')], '2025-06-01')).toEqual([]);
  });
});
