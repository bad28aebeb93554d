/**
 * `npm run bench:scale:readme [-- path/to/bench-scale.json]` — writes the summary of a bench:scale
 * run (default docs/bench-scale.json) into README.md between its markers (test/bench/scale-summary.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { type ScaleRun, withScaleSummary } from './scale-summary.js';

const source = process.argv[2] ?? 'docs/bench-scale.json';
const run = JSON.parse(readFileSync(source, 'utf8')) as ScaleRun;
writeFileSync('README.md', withScaleSummary(readFileSync('README.md', 'utf8'), run));
console.log(`README.md: bench:scale summary written from ${source}`);
