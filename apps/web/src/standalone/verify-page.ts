import { formatVerificationReport, readBundleFile, verifyBundle } from '#bundle-verifier';

/*
 * The script of the standalone verify.html: `npm run cli -- verify` in a browser, for someone
 * without this repository. scripts/build-verifiers.mjs bundles it with libs/bundle-verifier and
 * inlines it into verify.html (beside this file), a page that makes no request and works opened
 * from disk. It shows the report `verify` prints, line for line, and its verdict.
 */

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const input = $<HTMLInputElement>('bundle');
const drop = $<HTMLDivElement>('drop');
const trusted = $<HTMLTextAreaElement>('trusted-key');
const verdict = $<HTMLDivElement>('verdict');
const headline = $<HTMLHeadingElement>('verdict-heading');
const first = $<HTMLParagraphElement>('first-problem');
const details = $<HTMLElement>('details');
const report = $<HTMLPreElement>('report');
let checked = 0;

function show(state: 'checking' | 'intact' | 'not-intact' | 'unreadable', heading: string, line: string, text: string | null): void {
  verdict.dataset['verdict'] = state;
  verdict.className = `alert alert--${state}`;
  headline.textContent = heading;
  first.textContent = line;
  details.hidden = text === null;
  report.textContent = text ?? '';
  if (state !== 'checking') verdict.dataset['checked'] = String(++checked);
}

async function check(file: File): Promise<void> {
  show('checking', `Checking ${file.name}…`, '', null);
  try {
    const read = await readBundleFile(new Uint8Array(await file.arrayBuffer()), file.name);
    const key = trusted.value.trim();
    const result = await verifyBundle(read.bundle, key ? { trustedKeys: [key] } : {});
    const text = formatVerificationReport(result, read.source);
    const firstProblem = result.problems[0];
    if (result.intact) show('intact', 'Intact', `${read.source}: every event, section and the signature check out. Signed by key ${result.signature.fingerprint ?? '(unreadable)'}${result.signature.trusted ? ', a trusted key' : ': compare it with the fingerprint the records office publishes'}.`, text);
    else show('not-intact', 'NOT intact', `First problem: ${firstProblem?.message ?? '(none)'}`, text);
  } catch (error) {
    show('unreadable', 'Cannot check this file', error instanceof Error ? error.message : String(error), null);
  }
}

input.addEventListener('change', () => {
  const file = input.files?.[0];
  if (file) void check(file);
});
drop.addEventListener('dragover', (event) => {
  event.preventDefault();
  drop.classList.add('drop--over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('drop--over'));
drop.addEventListener('drop', (event) => {
  event.preventDefault();
  drop.classList.remove('drop--over');
  const file = event.dataTransfer?.files[0];
  if (file) void check(file);
});
if (!globalThis.crypto?.subtle) show('unreadable', 'This browser cannot check files here', 'WebCrypto is not available: open the page from disk (file://) or over https, in a current browser.', null);
