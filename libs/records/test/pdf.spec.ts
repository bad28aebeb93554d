import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pdfAttachments } from '#bundle-verifier';
import { type Bundle, PdfRenderingFailed, buildAuditBundle, buildPublicRecordsBundle, defaultContentProvider, renderBundlePdf, standaloneVerifiers, verifyBundle } from '#records';
import { GENERATED_AT, NEGOTIATION_ID, RECORDS_OFFICER, bayviewInMemory, testSigner } from './fixtures.js';

const has = (tool: string) => !spawnSync(tool, ['--version'], { stdio: 'ignore' }).error;
const POPPLER = has('pdftoppm');
const PDFTOTEXT = has('pdftotext');
const withPoppler = POPPLER ? it : it.skip;
const skipReason = POPPLER ? '' : ' [SKIPPED: pdftoppm (poppler-utils) is not installed; apt-get install poppler-utils]';

/** Dark pixels (luminance under 200 of 255) and all pixels of a page image. */
async function inkOf(pngPath: string, pdfPath: string, page: number, dir: string): Promise<{ dark: number; total: number; decoder: string }> {
  try {
    const { default: PNG } = (await import('png-js' as string)) as { default: new (data: Buffer) => { width: number; height: number; decode(done: (pixels: Buffer) => void): void } };
    const png = new PNG(await readFile(pngPath));
    const pixels = await new Promise<Buffer>((resolve) => png.decode(resolve));
    let dark = 0;
    for (let i = 0; i < pixels.length; i += 4) if (0.299 * pixels[i]! + 0.587 * pixels[i + 1]! + 0.114 * pixels[i + 2]! < 200) dark += 1;
    return { dark, total: png.width * png.height, decoder: 'png-js' };
  } catch {
    // No PNG decoder: let poppler write a PGM (a header and one byte per pixel).
    spawnSync('pdftoppm', ['-gray', '-r', '50', '-f', String(page), '-l', String(page), pdfPath, join(dir, 'gray')]);
    const file = (await readdir(dir)).find((f) => f.startsWith('gray') && f.endsWith('.pgm'))!;
    const data = await readFile(join(dir, file));
    const header = data.toString('latin1', 0, 64).match(/^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/)!;
    const pixels = data.subarray(header[0].length);
    return { dark: pixels.filter((v) => v < 200).length, total: Number(header[1]) * Number(header[2]), decoder: 'pgm' };
  }
}

describe('the PDF rendering of a bundle', () => {
  let audit: Bundle;
  let publicRecords: Bundle;
  let dir: string;

  beforeAll(async () => {
    const streams = await bayviewInMemory();
    const signer = testSigner();
    audit = await buildAuditBundle({ streams, negotiationId: NEGOTIATION_ID, actor: RECORDS_OFFICER, now: GENERATED_AT, signer, purpose: 'Annual records audit 2026' });
    publicRecords = await buildPublicRecordsBundle({ streams, negotiationId: NEGOTIATION_ID, actor: RECORDS_OFFICER, now: GENERATED_AT, signer });
    dir = await mkdtemp(join(tmpdir(), 'lrr-pdf-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is a PDF document', async () => {
    const pdf = await renderBundlePdf(audit);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(20_000);
  });

  it('carries the signed bundle and the standalone verify.html as attachments, as the verifiers read them', async () => {
    const attachments = await pdfAttachments(new Uint8Array(await renderBundlePdf(audit)));
    expect(attachments).toHaveLength(2);
    expect(JSON.parse(attachments[0]!)).toEqual(audit);
    expect(attachments[1]).toBe(standaloneVerifiers()['verify.html']);
  });

  withPoppler(`turns its first two pages into images that are not blank (pdftoppm -png -r 50 -f 1 -l 2)${skipReason}`, async () => {
    for (const [name, bundle] of [['audit', audit], ['public', publicRecords]] as const) {
      const pdfPath = join(dir, `${name}.pdf`);
      await writeFile(pdfPath, await renderBundlePdf(bundle));
      const result = spawnSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '2', pdfPath, join(dir, name)], { encoding: 'utf8' });
      expect(result.status).toBe(0);
      const pages = (await readdir(dir)).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png')).sort();
      expect(pages).toHaveLength(2);
      for (const [i, page] of pages.entries()) {
        const ink = await inkOf(join(dir, page), pdfPath, i + 1, dir);
        process.stdout.write(`${name} page ${i + 1}: ${ink.dark} of ${ink.total} pixels dark (${ink.decoder})\n`);
        expect(ink.dark).toBeGreaterThan(1500);
        expect(ink.dark / ink.total).toBeLessThan(0.5);
      }
    }
  });

  (POPPLER && PDFTOTEXT ? it : it.skip)(`reads as a person expects: title, verification summary, headings, page N of M${PDFTOTEXT ? '' : ' [SKIPPED: pdftotext (poppler-utils) is not installed]'}`, async () => {
    const pdfPath = join(dir, 'text.pdf');
    await writeFile(pdfPath, await renderBundlePdf(audit));
    const text = spawnSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' }).stdout;
    const pages = text.split('\f').filter((p) => p.trim() !== '');
    expect(pages.length).toBeGreaterThan(4);
    expect(pages[0]).toContain('Audit-ready file');
    expect(pages[0]).toContain('Bayview certificated unit');
    expect(pages[0]).toContain(audit.manifest.bundleId);
    expect(pages[0]).toContain('records@bayviewusd.example (records-officer)');
    expect(pages[0]).toContain(`page 1 of ${pages.length}`);
    expect(pages.at(-1)).toContain(`page ${pages.length} of ${pages.length}`);
    for (const heading of ['Appendix: verification and identifiers', 'How to verify', 'Chronology', 'Tentative agreements and signatures', 'Article chains with full texts', 'Information-request register', 'Statutory checklist', 'Classification register', 'Privilege log', 'Access log', 'Withheld records']) {
      expect(text).toContain(heading);
    }
    expect(text).toContain(`npm run cli -- verify ${audit.manifest.bundleId}.json`);
    expect(text).toContain(audit.manifest.streams[0]!.headHash);
    expect(text).toContain('Workday of 7 hours including a 30 minute duty-free lunch.');
    expect(text).toMatch(/LATE/);
    expect(text).toContain('21 days');
  });

  (PDFTOTEXT ? it : it.skip)(`shows a fact whose date was corrected at its corrected date in the chronology, the date it was recorded with beside it${PDFTOTEXT ? '' : ' [SKIPPED: pdftotext (poppler-utils) is not installed]'}`, async () => {
    const pdfPath = join(dir, 'corrected.pdf');
    await writeFile(pdfPath, await renderBundlePdf(audit));
    // Table cells wrap: read the text as one line.
    const text = spawnSync('pdftotext', ['-raw', pdfPath, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
    const chronology = text.slice(text.indexOf('facts in business time as corrected'));
    const d1 = chronology.indexOf('Counterproposal D-1 tabled by the employer');
    expect(d1).toBeGreaterThan(0);
    // The row's first cell, before the recording time and the recorder: the corrected date, the recorded one beside it.
    expect(chronology.slice(Math.max(0, d1 - 160), d1)).toMatch(/2025-03-26 recorded as 2025-03-25 \(corrected\) 2025-03-25 23:00 UTC dana\.ruiz/);
  });

  (PDFTOTEXT ? it : it.skip)(`reads in the office's time zone, with labels for people and identifiers only in the appendix, in at most 8 pages (16 on standard fonts, one section a page)${PDFTOTEXT ? '' : ' [SKIPPED: pdftotext (poppler-utils) is not installed]'}`, async () => {
    const pdfPath = join(dir, 'readable.pdf');
    await writeFile(pdfPath, await renderBundlePdf(audit, { timeZone: 'America/Los_Angeles' }));
    const text = spawnSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' }).stdout;
    const pages = text.split('\f').filter((p) => p.trim() !== '');
    expect(pages.length).toBeLessThanOrEqual(8);
    expect(pages[0]).toContain('Times shown in');
    expect(pages[0]).toContain('Pacific Time (America/Los_Angeles)');
    expect(pages[0]).toContain('2026-02-02 09:30 PST');
    // D-1 was recorded 2025-03-25 23:00Z: 16:00 in California, daylight time.
    expect(text).toContain('2025-03-25 16:00 PDT');
    expect(text).toMatch(/TA 1: /);
    expect(text).toMatch(/Request 1 from /);
    expect(text).toContain('answering proposal U-1');
    const appendix = text.indexOf('Appendix: verification and identifiers', text.indexOf('Withheld records\n'));
    expect(appendix).toBeGreaterThan(0);
    const body = text.slice(0, appendix);
    expect(body).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
    expect(body).not.toContain('ta_art23');
    expect(body).not.toMatch(/\d{2}:\d{2}Z/);
    expect(text.slice(appendix)).toContain('ta_art23');
    expect(text.slice(appendix)).toContain(audit.manifest.negotiationId);
    // How a stranger with a browser checks the PDF alone.
    const plain = text.slice(appendix).replace(/\s+/g, ' ');
    expect(plain).toContain('save verify.html, which is attached to this PDF beside the signed bundle');
    expect(plain).toContain('open it in a current browser and drop this PDF on it');
  });

  (has('pdfdetach') ? it : it.skip)(`is PDF/A-3b (XMP identification, embedded fonts) and carries the signed JSON bundle as an attachment that verifies${has('pdfdetach') ? '' : ' [SKIPPED: pdfdetach (poppler-utils) is not installed]'}`, async () => {
    const pdfPath = join(dir, 'archival.pdf');
    await writeFile(pdfPath, await renderBundlePdf(audit));
    const meta = spawnSync('pdfinfo', ['-meta', pdfPath], { encoding: 'utf8' }).stdout;
    expect(meta).toContain('<pdfaid:part>3</pdfaid:part>');
    expect(meta).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
    const fonts = spawnSync('pdffonts', [pdfPath], { encoding: 'utf8' }).stdout.split('\n').slice(2).filter((l) => l.trim() !== '');
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) expect(font).toMatch(/\byes\s+yes\s+yes\b/);
    const out = join(dir, 'attachments');
    await mkdir(out, { recursive: true });
    expect(spawnSync('pdfdetach', ['-saveall', '-o', out, pdfPath]).status).toBe(0);
    const attached = JSON.parse(await readFile(join(out, `${audit.manifest.bundleId}.json`), 'utf8')) as Bundle;
    expect(attached).toEqual(audit);
    expect((await verifyBundle(attached)).intact).toBe(true);
    // Beside it, the standalone verify.html, byte for byte as built, that verifies the PDF in a browser.
    expect((await readdir(out)).sort()).toEqual([`${audit.manifest.bundleId}.json`, 'verify.html']);
    expect(await readFile(join(out, 'verify.html'), 'utf8')).toBe(standaloneVerifiers()['verify.html']);
    expect(spawnSync('pdfdetach', ['-list', pdfPath], { encoding: 'utf8' }).stdout).toMatch(/2 embedded files\n1: \S+\.json\n2: verify\.html/);
    if (has('qpdf')) expect(spawnSync('qpdf', ['--check', pdfPath], { encoding: 'utf8' }).stdout).toContain('No syntax or stream encoding errors found');
  });

  it('names the section whose rendering failed', async () => {
    const broken = { ...audit, sections: { ...audit.sections, chronology: { ...(audit.sections['chronology'] as object), entries: [{ occurredAt: 5 }] } } } as unknown as Bundle;
    await expect(renderBundlePdf(broken)).rejects.toThrow(expect.objectContaining({ name: 'PdfRenderingFailed', code: 'PDF_RENDERING_FAILED', section: 'chronology' }) as PdfRenderingFailed);
  });

  it('renders sections it has no layout for as formatted JSON', async () => {
    const streams = await bayviewInMemory();
    const bundle = await buildAuditBundle({ streams, negotiationId: NEGOTIATION_ID, actor: RECORDS_OFFICER, now: GENERATED_AT, signer: testSigner(), content: { ...defaultContentProvider(), asOf: () => ({ asOf: '2025-06-30', openArticles: ['10', '15'] }) } });
    const pdf = await renderBundlePdf(bundle);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});
