import type { RecordedEvent } from '#event-store';
import { calendarDay } from '#kernel';
import { currentRuleSetFor, evaluateCompliance } from '#compliance';
import { type StatutoryChecklistSection, defaultContentProvider } from '#records';
import { NEGOTIATION_ID, adopt, negotiationFacts, open, recordNegotiation, session, sunshine, table } from '../libs/compliance/test/fixtures.js';

/*
 * One answer to "was this session held before the sunshine steps?": the audit file's statutory
 * checklist and GET /negotiations/:id/compliance (evaluateCompliance over the compliance facts of
 * the same events) read the same recorded facts and must say the same thing.
 */
const GENERATED_AT = '2026-02-02T17:30:00.000Z';

/** The audit file's checklist section over every event of the stream, disclosed as recorded. */
async function checklistOf(events: readonly RecordedEvent[]): Promise<StatutoryChecklistSection> {
  const input = { negotiationId: NEGOTIATION_ID, kind: 'audit' as const, generatedAt: GENERATED_AT, streams: new Map([[events[0]!.stream, events]]), events, classificationOf: (e: RecordedEvent) => e.classification, withheldCount: 0 };
  return (await defaultContentProvider().statutoryChecklist!(input)) as StatutoryChecklistSection;
}

function complianceOf(events: readonly RecordedEvent[]) {
  const negotiation = negotiationFacts(events);
  return evaluateCompliance(currentRuleSetFor(negotiation.statute)!, { unitId: negotiation.unitId, negotiation, requests: [] }, calendarDay(GENERATED_AT));
}

describe('statutory rules: the audit checklist and /compliance agree on the same facts', () => {
  it('session before sunshine: no public comment recorded, the adoption stands for it; only the session before the adoption is flagged', async () => {
    // Both proposals presented 02-12, adopted 03-12 with no separate comment recorded; sessions on 03-05 and 03-20.
    const events = recordNegotiation([open(), sunshine('union', ['10', '24'], '2025-02-12'), sunshine('employer', ['10', '24'], '2025-02-12'), session(1, '2025-03-05'), adopt('2025-03-12'), session(2, '2025-03-20')]);
    const rule = 'eera.session-before-sunshine';
    const flagged = complianceOf(events).flags.filter((f) => f.ruleId === rule).map((f) => f.facts[0]!.eventId);
    const item = (await checklistOf(events)).items.find((i) => i.id === rule)!;
    expect(flagged).toEqual([events[3]!.eventId]);
    expect(item.status).toBe('flagged');
    expect(item.facts.map((f) => f.eventId).filter((id) => events.some((e) => e.eventId === id && e.type === 'SessionHeld'))).toEqual(flagged);
  });

  it('every rule of the rule set is one checklist item whose status follows the evaluation', async () => {
    const events = recordNegotiation([open(), sunshine('union', ['10'], '2025-02-12'), sunshine('employer', ['10'], '2025-02-12'), session(1, '2025-03-05'), adopt('2025-03-12')]);
    const evaluation = complianceOf(events);
    const checklist = await checklistOf(events);
    const byRule = (id: string) => (evaluation.flags.some((f) => f.ruleId === id) ? 'flagged' : evaluation.notEvaluated.some((n) => n.ruleId === id) ? 'not-evaluated' : 'not-flagged');
    const negotiationRules = currentRuleSetFor('EERA')!.rules.filter((r) => r.scope === 'negotiation');
    expect(checklist.items.filter((i) => negotiationRules.some((r) => r.id === i.id)).map((i) => [i.id, i.status])).toEqual(negotiationRules.map((r) => [r.id, byRule(r.id)]));
  });

  it('sunshine recorded without its list of subjects: the new-subject rule cannot evaluate, in both, instead of flagging every article', async () => {
    const events = recordNegotiation([open(), sunshine('union', [], '2025-02-12'), sunshine('employer', ['10'], '2025-02-12'), table('u1', 'union', ['10', '15', '21'], '2025-03-19')]);
    const rule = 'eera.new-subject-not-public-within-24-hours';
    const evaluation = complianceOf(events);
    expect(evaluation.flags.filter((f) => f.ruleId === rule)).toEqual([]);
    expect(evaluation.notEvaluated).toEqual([
      { ruleId: rule, negotiationId: NEGOTIATION_ID, reason: "cannot evaluate: the union's initial proposal presented on 2025-02-12 is recorded without its list of subjects (articles), so which subjects are new cannot be told" },
    ]);
    const item = (await checklistOf(events)).items.find((i) => i.id === rule)!;
    expect(item).toMatchObject({ status: 'not-evaluated', detail: evaluation.notEvaluated[0]!.reason, facts: [] });
  });
});
