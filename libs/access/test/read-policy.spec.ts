import { type AccessEntry, type AccessLog, ReadPolicy, accessDecision } from '#access';
import { canRead } from '#auth';
import { CLASSIFICATIONS, type Actor, type Classification, ROLES, type Role } from '#kernel';

/** Collects what the policy appends: one call per append. */
class RecordingAccessLog {
  readonly appends: AccessEntry[][] = [];
  async record(_actor: Actor, entries: readonly AccessEntry[]): Promise<void> {
    if (entries.length > 0) this.appends.push([...entries]);
  }
}

const clock = { now: () => new Date('2026-02-01T09:00:00.000Z') };
const actor = (role: Role): Actor => ({ subject: `${role}@bayviewusd.example`, role });
const record = (level: Classification, eventId = `ev-${level}`, stream = 'negotiation-bayview_2025') => ({ eventId, stream, classification: { level, basis: `${level} basis` } });

function policy() {
  const log = new RecordingAccessLog();
  return { log, policy: new ReadPolicy(log as unknown as AccessLog, clock) };
}

describe('the access decision', () => {
  it('grants what the clearance covers, logs confidential and privileged reads and every refusal', () => {
    const mismatches: string[] = [];
    for (const role of ROLES) {
      for (const level of CLASSIFICATIONS) {
        const decision = accessDecision({ cleared: canRead(role, level), level, purpose: 'arbitration SF-CE-1' });
        const expected = canRead(role, level) ? 'granted' : 'denied';
        const logged = expected === 'denied' || level === 'confidential' || level === 'privileged';
        if (decision.outcome !== expected || decision.logged !== logged) mismatches.push(`${role} × ${level}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('asks a stated purpose for privileged content only', () => {
    expect(accessDecision({ cleared: true, level: 'privileged', purpose: null })).toEqual({ outcome: 'denied', reason: 'purpose-required', logged: true });
    expect(accessDecision({ cleared: true, level: 'privileged', purpose: '  ' }).reason).toBe('purpose-required');
    expect(accessDecision({ cleared: true, level: 'confidential', purpose: null })).toEqual({ outcome: 'granted', reason: 'cleared', logged: true });
  });
});

describe('ReadPolicy', () => {
  it('authorize: a confidential read is granted and logged once, without content', async () => {
    const { log, policy: p } = policy();
    expect(await p.authorize(actor('negotiator'), { ...record('confidential'), resource: 'GET /x' }, 'prepare session 13')).toBe(true);
    expect(log.appends).toEqual([
      [
        {
          negotiationId: 'bayview_2025',
          data: {
            subject: 'negotiator@bayviewusd.example',
            role: 'negotiator',
            resource: 'GET /x',
            eventId: 'ev-confidential',
            stream: 'negotiation-bayview_2025',
            classification: 'confidential',
            purpose: 'prepare session 13',
            outcome: 'granted',
            reason: 'cleared',
            entries: null,
          },
        },
      ],
    ]);
  });

  it('authorize: an analyst’s attempt is refused and logged; assertReadable answers 404', async () => {
    const { log, policy: p } = policy();
    expect(await p.authorize(actor('analyst'), { ...record('confidential'), resource: 'GET /x' }, null)).toBe(false);
    await expect(p.assertReadable(actor('analyst'), { ...record('confidential'), resource: 'GET /x' }, null)).rejects.toMatchObject({ code: 'RECORD_NOT_FOUND', kind: 'not-found' });
    expect(log.appends.flat().map((e) => [e.data.outcome, e.data.reason])).toEqual([
      ['denied', 'not-cleared'],
      ['denied', 'not-cleared'],
    ]);
  });

  it('authorize: internal reads are not logged; a refused internal attempt would be', async () => {
    const { log, policy: p } = policy();
    expect(await p.authorize(actor('analyst'), { ...record('internal'), resource: 'GET /x' }, null)).toBe(true);
    expect(log.appends).toEqual([]);
  });

  it('assertReadable: privileged content without a purpose is a 422 and a logged refusal', async () => {
    const { log, policy: p } = policy();
    await expect(p.assertReadable(actor('legal-counsel'), { ...record('privileged'), resource: 'GET /x' }, null)).rejects.toMatchObject({ code: 'ACCESS_PURPOSE_REQUIRED' });
    expect(log.appends.flat().map((e) => e.data.reason)).toEqual(['purpose-required']);
  });

  it('authorize without content (resolving a record to change it): a grant is not logged, a refusal is', async () => {
    const { log, policy: p } = policy();
    expect(await p.authorize(actor('legal-counsel'), { ...record('privileged'), resource: 'POST /c' }, null, { content: false })).toBe(true);
    expect(await p.authorize(actor('admin'), { ...record('privileged'), resource: 'POST /c' }, null, { content: false })).toBe(false);
    expect(log.appends.flat().map((e) => [e.data.role, e.data.outcome])).toEqual([['admin', 'denied']]);
  });

  it('filterReadable: the readable records, one entry per confidential or privileged record, in one append', async () => {
    const { log, policy: p } = policy();
    const records = [record('public'), record('internal'), record('confidential', 'c1'), record('confidential', 'c2'), record('privileged'), record('confidential', 'c1')];
    const readable = await p.filterReadable(actor('records-officer'), records, 'audit 2026-01', { resource: 'GET /t' });
    expect(readable.map((r) => r.eventId)).toEqual(['ev-public', 'ev-internal', 'c1', 'c2', 'ev-privileged', 'c1']);
    expect(log.appends).toHaveLength(1);
    expect(log.appends[0]!.map((e) => e.data.eventId)).toEqual(['c1', 'c2', 'ev-privileged']);
  });

  it('filterReadable: leaves out what the role may not see, logging nothing for an omission in a list', async () => {
    const { log, policy: p } = policy();
    const readable = await p.filterReadable(actor('analyst'), [record('public'), record('internal'), record('confidential'), record('privileged')], null);
    expect(readable.map((r) => r.classification.level)).toEqual(['public', 'internal']);
    expect(log.appends).toEqual([]);
  });

  it('screen: names and counts privileged records withheld for want of a purpose', () => {
    const { policy: p } = policy();
    expect(p.screen(actor('legal-counsel'), [record('privileged'), record('confidential')], null)).toEqual({ readable: [record('confidential')], withheld: [record('privileged')], withheldForPurpose: 1 });
    expect(p.screen(actor('negotiator'), [record('privileged')], null)).toEqual({ readable: [], withheld: [], withheldForPurpose: 0 });
  });

  it('filterReadable: applies the classification in effect today, not the recorded one', async () => {
    const { policy: p } = policy();
    const reclassified = record('internal', 'ev-proposal');
    const readable = await p.filterReadable(actor('analyst'), [reclassified], null, { classificationOf: () => ({ level: 'confidential', basis: 'sealed' }) });
    expect(readable).toEqual([]);
  });

  it('summarises access-log entries read as one entry per access-log stream', async () => {
    const { log, policy: p } = policy();
    const entries = [1, 2, 3].map((i) => record('confidential', `log-${i}`, 'accesslog-bayview_2025'));
    await p.filterReadable(actor('records-officer'), entries, 'audit', { resource: 'GET /access-log' });
    expect(log.appends).toEqual([
      [expect.objectContaining({ negotiationId: 'bayview_2025', data: expect.objectContaining({ eventId: null, stream: 'accesslog-bayview_2025', entries: 3 }) })],
    ]);
  });
});
