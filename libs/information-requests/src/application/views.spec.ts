import { DISTRICT_CALENDAR_2025, cmd } from '../../test/fixtures.js';
import { informationRequestClocks } from '../domain/clocks.js';
import { INFORMATION_REQUEST_REGISTER } from '../read-models/register.projection.js';
import { registerEntry } from '../read-models/register-views.js';
import { project, recordRequest } from '../read-models/testing/recorded.js';
import { informationRequestListEntry } from './views.js';

describe('a list entry', () => {
  const doc = [
    ...project(
      INFORMATION_REQUEST_REGISTER,
      recordRequest([cmd.receive('2025-04-10', { items: [{ number: 1, description: 'Placement' }, { number: 2, description: 'Costs' }] }), cmd.object('2025-04-26', 1)]),
    ).values(),
  ][0]!;

  it('is the register entry summarised: the clocks the request shows, who asked, and what it concerns', () => {
    const entry = registerEntry(doc, '2025-05-01', DISTRICT_CALENDAR_2025)!;
    const clocks = informationRequestClocks(doc.state, '2025-05-01', DISTRICT_CALENDAR_2025)!;
    expect(informationRequestListEntry(entry)).toEqual({
      requestId: clocks.requestId,
      unitId: clocks.unitId,
      asOf: '2025-05-01',
      status: 'open',
      disposition: null,
      receivedOn: '2025-04-10',
      dueOn: clocks.dueOn,
      dueBasis: clocks.dueBasis,
      overdue: true,
      daysOverdue: clocks.daysOverdue,
      respondedInFullOn: null,
      items: clocks.items.map(({ number, status, overdue }) => ({ number, status, overdue })),
      from: { organization: doc.state.from.organization, person: doc.state.from.person },
      negotiationId: doc.state.negotiationId,
      grievanceReference: doc.state.grievanceReference,
    });
  });
});
