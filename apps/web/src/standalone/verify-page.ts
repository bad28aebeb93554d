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
/** RFC 8032's first test key as SPKI DER: a browser that cannot import it cannot check signatures (Ed25519 in WebCrypto: Chrome 137, Firefox 129, Safari 17). */
const PROBE_KEY = Uint8Array.from('302a300506032b6570032100d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a'.match(/../g)!, (h) => parseInt(h, 16));

if (!globalThis.crypto?.subtle) {
  show('unreadable', 'This browser cannot check files here', 'WebCrypto is not available: open the page from disk (file://) or over https, in a current browser.', null);
  input.disabled = true;
} else {
  crypto.subtle.importKey('spki', PROBE_KEY, { name: 'Ed25519' }, false, ['verify']).catch(() => {
    show('unreadable', 'This browser cannot check signatures', 'It does not support Ed25519 signatures in WebCrypto: use a current Chrome, Edge, Firefox or Safari (2025 or later), or node verify-bundle.mjs.', null);
    input.disabled = true;
  });
}
