import { summarizeEvent } from '#records';

describe('the audit file says what an information-request fact is', () => {
  it('an objection on an "other" ground, with the explanation that says what it is', () => {
    const data = { requestId: 'rfi_7', itemNumber: 1, grounds: ['privileged', 'other'], explanation: 'Under a protective order', accommodationOffered: false, accommodationDescription: null, objectedOn: '2025-04-15' };
    expect(summarizeEvent({ type: 'InformationItemObjected', data })).toBe('Objection to item 1 of request rfi_7: privileged, other (Under a protective order)');
    expect(summarizeEvent({ type: 'InformationItemObjected', data: { ...data, grounds: ['privileged'] } })).toBe('Objection to item 1 of request rfi_7: privileged');
  });

  it('an item explained: does not exist, already produced (with where), or another reason in words', () => {
    const explained = (reason: string, explanation: string | null, reference: string | null) => ({
      type: 'InformationItemExplained',
      data: { requestId: 'rfi_7', itemNumber: 2, reason, explanation, reference, explainedOn: '2025-04-28' },
    });
    expect(summarizeEvent(explained('does-not-exist', null, null))).toBe('Item 2 of request rfi_7 explained: the information does not exist');
    expect(summarizeEvent(explained('already-produced', null, 'Production of 2025-03-14'))).toBe('Item 2 of request rfi_7 explained: already produced, Production of 2025-03-14');
    expect(summarizeEvent(explained('other', 'Kept by the county office', null))).toBe('Item 2 of request rfi_7 explained: other (Kept by the county office)');
  });

  it('a meeting on the request: held (items, who attended, what came of it) or cancelled (the day it was set for, by whom, why)', () => {
    const held = (data: Record<string, unknown>) => ({
      type: 'InformationRequestMeetingHeld',
      data: { requestId: 'rfi_7', meetingId: 'm1', attendees: { employer: ['M. Okafor'], union: ['R. Alvarez', 'J. Chen'] }, itemNumbers: [1, 3], discussed: 'Redaction', outcome: 'Item 1 narrowed', heldOn: '2025-04-16', ...data },
    });
    expect(summarizeEvent(held({}))).toBe('Meeting on request rfi_7 held about items 1, 3 (employer: M. Okafor; union: R. Alvarez, J. Chen): Item 1 narrowed');
    expect(summarizeEvent(held({ attendees: { employer: [], union: [] }, itemNumbers: [], outcome: null }))).toBe('Meeting on request rfi_7 held');
    const cancelled = { requestId: 'rfi_7', meetingId: 'm2', scheduledFor: '2025-04-15', cancelledBy: 'union', reason: 'Team unavailable', cancelledOn: '2025-04-14' };
    expect(summarizeEvent({ type: 'InformationRequestMeetingCancelled', data: cancelled })).toBe('Meeting on request rfi_7 set for 2025-04-15 cancelled by the union (Team unavailable)');
    expect(summarizeEvent({ type: 'InformationRequestMeetingCancelled', data: { ...cancelled, reason: null } })).toBe('Meeting on request rfi_7 set for 2025-04-15 cancelled by the union');
  });
});
