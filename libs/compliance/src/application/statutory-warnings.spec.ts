import type { RecordedEvent } from '#event-store';
import type { NegotiationCommand } from '#bargaining';
import { adopt, comment, n, negotiationFacts, open, recordNegotiation, session, sunshine } from '../../test/fixtures.js';
import { statutoryWarningsOf } from './statutory-warnings.js';

/** The warnings a command gets for what it appended after `given`: the compliance rules' flags resting on it. */
function warningsFor(given: readonly NegotiationCommand[], command: NegotiationCommand) {
  const prior = recordNegotiation(given);
  const all = recordNegotiation([command], undefined, prior);
  const appended: RecordedEvent[] = all.slice(prior.length);
  return statutoryWarningsOf(prior.length === 0 ? null : negotiationFacts(prior), negotiationFacts(all), appended);
}
const codes = (given: readonly NegotiationCommand[], command: NegotiationCommand) => warningsFor(given, command).map((w) => w.code);

const fullSunshine = [open(), sunshine('union', ['10', '24'], '2025-02-12'), sunshine('employer', ['10', '24'], '2025-02-12'), comment('2025-02-26'), adopt('2025-03-12')];

describe('command warnings are the compliance rules\' flags on what the command recorded', () => {
  it('a session before the employer adopted its proposal: what happened and what was missing', () => {
    const [warning, ...rest] = warningsFor(fullSunshine.slice(0, 4), session(1, '2025-03-05'));
    expect(rest).toEqual([]);
    expect(warning!.code).toBe('eera.session-before-sunshine');
    expect(warning!.message).toBe(
      "Gov. Code 3547(a)-(c): Session 1 was held on 2025-03-05, before the sunshine steps were complete. Missing on that day: the employer's initial proposal adopted at an open meeting (not recorded).",
    );
  });

  it('a session entered late, dated before an adoption already recorded; none after every step, none under MMBA', () => {
    expect(warningsFor(fullSunshine, session(1, '2025-03-05'))[0]!.message).toContain('adopted at an open meeting (recorded later, on 2025-03-12)');
    expect(codes(fullSunshine, session(1, '2025-03-19'))).toEqual([]);
    expect(codes([open('MMBA')], session(1, '2025-03-05'))).toEqual([]);
  });

  it('a session known only as a month that may fall before or after the adoption: the rule says it cannot evaluate, once', () => {
    const inMarch = session(1, '2025-03-01');
    const dated = { ...inMarch, metadata: { ...inMarch.metadata, occurredAt: { at: '2025-03', precision: 'month' as const } } };
    expect(warningsFor(fullSunshine, dated)).toEqual([
      { code: 'eera.session-before-sunshine', message: 'Gov. Code 3547(a)-(c): cannot evaluate: the date of session 1 is known only as March 2025' },
    ]);
    expect(codes([...fullSunshine, dated], session(2, '2025-04-02'))).toEqual([]);
  });

  it('only what the command raised: the adoption after an early session repeats nothing', () => {
    expect(codes([...fullSunshine.slice(0, 4), session(1, '2025-03-05')], adopt('2025-03-12'))).toEqual([]);
  });

  it('the factfinding report made public 12 days after its issue (EERA)', () => {
    const issued = [open(), n('DeclareImpasse', { declaredBy: 'union', form: 'written' }, '2025-06-18'), n('IssueFactfindingReport', {}, '2025-11-03')];
    expect(warningsFor(issued, n('MakeFactfindingReportPublic', {}, '2025-11-15'))).toEqual([
      { code: 'eera.factfinding-report-public-within-10-days', message: expect.stringContaining('12 days later (10 allowed)') },
    ]);
  });

  it('MMBA: meet and confer opened without written notice; an offer imposed with no impasse and no public hearing', () => {
    expect(codes([], open('MMBA', '2025-01-15', { kind: 'meet-and-confer', subject: 'telework policy' }))).toEqual(['mmba.meet-and-confer-without-written-notice']);
    expect(codes([open('MMBA')], n('ImposeLastBestFinalOffer', { governingBody: 'City Council', summary: 'LBFO' }, '2025-10-15')).sort()).toEqual([
      'mmba.imposition-without-impasse-procedures',
      'mmba.imposition-without-public-hearing',
    ]);
  });
});
