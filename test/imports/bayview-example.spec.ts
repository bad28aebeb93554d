import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bayviewImportFile } from './bayview-import.js';

const root = resolve(import.meta.dirname, '..', '..');
const EXAMPLE = join(root, 'examples', 'bayview-import.json');

describe('examples/bayview-import.json', () => {
  it('is the Bayview scenario as an import file (WRITE_EXAMPLES=1 rewrites it)', () => {
    const expected = `${JSON.stringify(bayviewImportFile(), null, 2)}\n`;
    if (process.env.WRITE_EXAMPLES === '1') writeFileSync(EXAMPLE, expected);
    expect(readFileSync(EXAMPLE, 'utf8')).toBe(expected);
  });
});
