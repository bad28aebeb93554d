import { readFileSync } from 'node:fs';
import { README_END, README_START, type ScaleRun, renderScaleSummary, withScaleSummary } from './bench/scale-summary.js';

/** The README's bench:scale summary is the rendering of docs/bench-scale.json: the two cannot disagree. */
describe('README bench:scale summary', () => {
  const readme = readFileSync('README.md', 'utf8');
  const run = JSON.parse(readFileSync('docs/bench-scale.json', 'utf8')) as ScaleRun;

  it('is what npm run bench:scale:readme writes from docs/bench-scale.json', () => {
    expect(readme).toContain(README_START);
    expect(readme).toBe(withScaleSummary(readme, run));
  });

  it('has a column for every size measured and a growth column between neighbouring sizes', () => {
    const block = renderScaleSummary(run);
    for (const result of run.results) expect(block).toContain(`${result.size.toLocaleString('en-US')} events`);
    const postgres = run.results.filter((r) => r.store === 'postgres');
    if (postgres.length > 1) expect(block).toContain('growth');
  });

  it('refuses a README without the markers', () => {
    expect(() => withScaleSummary('# no block\n', run)).toThrow(README_END);
  });
});
