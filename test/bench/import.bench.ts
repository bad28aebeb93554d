/**
 * `npm run bench:import` — importing a history (issue 14): 10,000 generated facts (10 units, 100
 * negotiations, each opened, its ground rules agreed, then sessions, proposals and counterproposals
 * with full article text, listed in business-time order across the negotiations) through the
 * HistoricImports use case of `cli import`, on PostgreSQL at DATABASE_URL. Prints the dry run's and
 * the import's facts per second (the import rehearses the whole file first, so its time includes
 * that), then a re-run that stores nothing new. Target: 10,000 facts in 20 s or less.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/lrr_import npm run bench:import -- [--facts N] [--strict]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '#config';
import type { ImportFact, ImportFile } from '#imports';
import { importHistory } from '../../apps/cli/src/commands/import.command.js';

const TARGET_SECONDS = 20;

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** A history of `total` facts over `negotiations` negotiations, in business-time order. */
export function generatedHistory(total: number, run: string, negotiations = 100, units = 10): ImportFile {
  const facts: ImportFact[] = [];
  const start = '2010-01-04';
  const at = (days: number) => ({ at: addDays(start, days), precision: 'day' as const });
  const unitId = (u: number) => `bench_unit_${run}_${u}`;
  const negotiationId = (n: number) => `bench_${run}_${n}`;
  for (let u = 0; u < units && facts.length < total; u++) {
    facts.push({ key: `unit ${u}`, command: 'RegisterUnit', occurredAt: at(0), ids: { unitId: unitId(u) }, data: { name: `Unit ${u}`, employer: 'Bayview USD', employeeOrganization: 'BTA', statute: 'EERA' } });
  }
  for (let n = 0; n < negotiations && facts.length < total; n++) {
    facts.push({ key: `n${n} open`, command: 'OpenNegotiation', occurredAt: at(1), ids: { negotiationId: negotiationId(n) }, data: { unitId: unitId(n % units), kind: 'successor' } });
  }
  for (let n = 0; n < negotiations && facts.length < total; n++) {
    facts.push({ key: `n${n} ground rules`, command: 'AgreeGroundRules', occurredAt: at(2), ids: { negotiationId: negotiationId(n) }, data: { taRule: 'reopenable-until-global' } });
  }
  const article = (side: string, round: number) => ({
    article: String(10 + (round % 15)),
    title: `Article ${10 + (round % 15)}`,
    changeKind: 'amend',
    text: `${side === 'union' ? 'The union proposes' : 'The district proposes'} in round ${round} that ${'the parties shall meet and confer on workload, class size and preparation time. '.repeat(6)}`,
  });
  for (let round = 0; facts.length < total; round++) {
    for (let n = 0; n < negotiations && facts.length < total; n++) {
      const ids = { negotiationId: negotiationId(n) };
      const step = round % 3;
      const cycle = Math.floor(round / 3);
      if (step === 0) {
        facts.push({ key: `n${n} r${round} session`, command: 'HoldSession', occurredAt: at(3 + round), ids, data: { number: cycle + 1, place: 'District office', attendees: { employer: ['D. Ruiz'], union: ['L. Park'] }, articlesDiscussed: ['10', '24'] } });
      } else if (step === 1) {
        facts.push({ key: `n${n} r${round} union`, command: 'TableProposal', occurredAt: at(3 + round), ids: { ...ids, proposalId: `u${cycle}` }, data: { side: 'union', number: `U-${cycle + 1}`, articles: [article('union', round)] } });
      } else {
        facts.push({ key: `n${n} r${round} district`, command: 'TableCounterproposal', occurredAt: at(3 + round), ids: { ...ids, proposalId: `d${cycle}` }, data: { side: 'employer', number: `D-${cycle + 1}`, respondsTo: `u${cycle}`, articles: [article('employer', round)] } });
      }
    }
  }
  return { format: 'lrr-import/1', source: { document: `Generated history ${run}`, transcribedBy: 'bench:import' }, facts };
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { facts: { type: 'string', default: '10000' }, strict: { type: 'boolean', default: false } } });
  const total = Number(values.facts);
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    process.stderr.write('bench:import needs DATABASE_URL (PostgreSQL), e.g. postgres://postgres@127.0.0.1:5432/lrr_import\n');
    return 2;
  }
  const dir = mkdtempSync(join(tmpdir(), 'lrr-bench-import-'));
  try {
    const file = join(dir, 'history.json');
    const run = `${Date.now().toString(36)}`;
    writeFileSync(file, JSON.stringify(generatedHistory(total, run)));
    const config = loadConfig({ ...process.env, DATABASE_URL: databaseUrl, DATA_DIR: dir, LOG_LEVEL: 'error' });
    const request = { file, by: 'bench@bayviewusd.example', role: 'records-officer' as const };
    const line = (what: string, report: Awaited<ReturnType<typeof importHistory>>, wall: number) =>
      console.log(`${what.padEnd(26)} ${report.totals.facts} facts in ${(wall / 1000).toFixed(1)} s: ${Math.round(report.totals.facts / (wall / 1000))} facts/s (recorded ${report.totals.recorded}, would record ${report.totals['would-record']}, already ${report.totals['already-recorded']}, refused ${report.totals.refused}, invalid ${report.totals.invalid})`);
    console.log(`bench:import on PostgreSQL (${new URL(databaseUrl).pathname.slice(1)}), ${total} generated facts over 100 negotiations`);
    let t = performance.now();
    const dry = await importHistory({ ...request, dryRun: true }, config);
    line('dry run', dry, performance.now() - t);
    t = performance.now();
    const real = await importHistory({ ...request, dryRun: false }, config);
    const seconds = (performance.now() - t) / 1000;
    line('import (rehearsal + append)', real, seconds * 1000);
    t = performance.now();
    const again = await importHistory({ ...request, dryRun: false }, config);
    line('re-run', again, performance.now() - t);
    const met = real.accepted && real.totals.recorded === total && again.totals['already-recorded'] === total && seconds <= (TARGET_SECONDS * total) / 10_000;
    console.log(`target: ${total} facts in ≤ ${((TARGET_SECONDS * total) / 10_000).toFixed(0)} s — ${met ? 'met' : 'MISSED'} (${seconds.toFixed(1)} s)`);
    return met || !values.strict ? 0 : 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
