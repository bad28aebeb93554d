import { isRecordStream, matchesFilter, serverStreamRegex } from './stream-filter.js';

describe('EventStoreDB $all filtering', () => {
  it('keeps record events; drops system streams and types, and event-id claims', () => {
    expect(isRecordStream('bargaining-1', 'ProposalTabled')).toBe(true);
    expect(isRecordStream('$stats-127.0.0.1:2113', '$statsCollected')).toBe(false);
    expect(isRecordStream('$ce-bargaining', '$>')).toBe(false);
    expect(isRecordStream('$$bargaining-1', '$metadata')).toBe(false);
    expect(isRecordStream('bargaining-1', '$>')).toBe(false);
    expect(isRecordStream('lrr_eventid-0d7e…', 'EventIdClaimed')).toBe(false);
  });

  it('matches a category exactly as streamCategory does (text before the first dash)', () => {
    expect(matchesFilter('bargaining-1-2', 'T', 'bargaining')).toBe(true);
    expect(matchesFilter('bargaining', 'T', 'bargaining')).toBe(true);
    expect(matchesFilter('bargainingX-1', 'T', 'bargaining')).toBe(false);
    expect(matchesFilter('records-1', 'T', 'bargaining')).toBe(false);
    expect(matchesFilter('records-1', 'T', undefined)).toBe(true);
  });

  it('builds server regexes that agree with the local filter', () => {
    const category = new RegExp(serverStreamRegex('bargaining'));
    expect(['bargaining-1', 'bargaining'].every((s) => category.test(s))).toBe(true);
    expect(['bargainingX-1', 'xbargaining-1', '$ce-bargaining'].some((s) => category.test(s))).toBe(false);
    const all = new RegExp(serverStreamRegex(undefined));
    expect(all.test('records-1')).toBe(true);
    expect(all.test('$stats-1')).toBe(false);
    expect(all.test('lrr_eventid-abc')).toBe(false);
    expect(serverStreamRegex('a.b')).toBe('^a\\.b(-|$)');
  });
});
