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
});
