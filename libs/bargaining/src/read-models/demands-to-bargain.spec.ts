import type { RecordedEvent } from '#event-store';
import { foldDemand } from '../domain/demand-to-bargain.js';
import { demandToBargainView } from '../application/views.js';
import { demandEntry, demandsToBargainProjection as projection } from './demands-to-bargain.js';
import { project, recordedDemand } from './testing/recorded-history.js';

const closure = { description: 'Closure of Harbor Elementary', kind: 'school-closure', decidedOn: '2025-02-10' };
const made = (unitId = 'bayview_teachers') => ({ type: 'MakeDemandToBargain' as const, data: { unitId, demandedBy: 'union', decision: closure, scope: 'effects' }, at: '2025-02-14' });
const answered = { type: 'AnswerDemandToBargain' as const, data: { answer: 'effects-only' }, at: '2025-02-21' };
const opened = { type: 'RecordNegotiationOnDemand' as const, data: { unitId: 'bayview_teachers', negotiationId: 'harbor_effects', negotiationKind: 'effects' }, at: '2025-03-03' };

/** What GET /demands-to-bargain/:id answers: the demand folded from its whole stream. */
function folded(events: readonly RecordedEvent[]) {
  const state = foldDemand(events);
  if (state.status !== 'made') throw new Error('not made');
  return demandToBargainView(state, events.at(-1)!.revision);
}

describe('the demands-to-bargain projection', () => {
  const awaiting = recordedDemand('harbor', [made()]);
  const full = recordedDemand('harbor', [made(), answered, opened]);

  it('is named and versioned, reads the demand streams, keyed by demand id, with the unit and day as columns', () => {
    expect([projection.name, projection.version, projection.categories]).toEqual(['demands-to-bargain', 1, ['demand']]);
    expect(full.map((e) => projection.keys(e))).toEqual([['harbor'], ['harbor'], ['harbor']]);
    expect(projection.keys({ ...full[0]!, stream: 'negotiation-harbor' })).toEqual([]);
    const doc = project(projection, full).get('harbor')!;
    expect(Object.fromEntries(Object.entries(projection.columns!).map(([name, column]) => [name, column.value(doc)]))).toEqual({ unit_id: 'bayview_teachers', demanded_on: '2025-02-14' });
  });

  it('answers each demand as its fold does: made, answered, with the negotiations opened on it', () => {
    for (const events of [awaiting, full, full.slice(0, 2)]) {
      const doc = project(projection, events).get('harbor')!;
      expect(demandEntry(doc, doc.records)).toEqual(folded(events));
    }
    const doc = project(projection, full).get('harbor')!;
    expect(demandEntry(doc, doc.records)).toMatchObject({
      status: 'answered',
      answer: { answer: 'effects-only', answeredBy: 'employer', answeredOn: '2025-02-21' },
      negotiations: [{ negotiationId: 'harbor_effects', kind: 'effects', openedOn: '2025-03-03' }],
      revision: 2,
    });
  });

  it('folds only the records the reader may read; without the making there is nothing to show', () => {
    const doc = project(projection, full).get('harbor')!;
    expect(demandEntry(doc, doc.records.slice(0, 1))).toMatchObject({ status: 'awaiting-answer', answer: null, negotiations: [] });
    expect(demandEntry(doc, doc.records.slice(1))).toBeNull();
  });

  it('changes nothing when events are applied again, and keeps nothing for a stream without its making', () => {
    const once = project(projection, full);
    expect(project(projection, [...full, ...full.slice(1)])).toEqual(once);
    expect(project(projection, full.slice(1)).size).toBe(0);
  });
});
