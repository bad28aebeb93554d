/**
 * The export worker: a child process of the API that builds one exported file at a time, as JSON or
 * PDF, from the streams the API read for it. It runs under its own heap limit (EXPORT_MEMORY_MB), so a
 * file too large to build ends this process, never the API.
 */
import { negotiationFile } from '#access';
import { BundleExportFailed } from '../bundle/errors.js';
import { loadBundleSigner } from '../bundle/signing-key.js';
import { renderBundlePdf } from '../pdf/render-pdf.js';
import { disclosedEventIds } from '../bundle/builder.js';
import { bundleJsonBytes } from '../bundle/canonical.js';
import { buildNegotiationBundle } from './negotiation-bundle.js';
import type { ExportJob, ExportOutcome } from './export-job.js';

async function run(job: ExportJob): Promise<ExportOutcome> {
  const signer = await loadBundleSigner(job.signing);
  const bundle = await buildNegotiationBundle(negotiationFile(job.streams), job.request, signer);
  const rendered = job.format === 'pdf' ? await renderBundlePdf(bundle, job.timeZone === undefined ? {} : { timeZone: job.timeZone }) : bundleJsonBytes(bundle);
  return { ok: true, bytes: new Uint8Array(rendered.buffer, rendered.byteOffset, rendered.byteLength), bundleId: bundle.manifest.bundleId, disclosed: [...disclosedEventIds(bundle)] };
}

const send = (outcome: ExportOutcome) => process.send!(outcome);

// The API's end is this process's end.
process.on('disconnect', () => process.exit(0));
process.on('message', (job: ExportJob) => {
  run(job).then(
    (outcome) => send(outcome),
    (error: unknown) => {
      const failure: ExportOutcome =
        error instanceof BundleExportFailed
          ? { ok: false, exportFailed: { code: error.code, message: error.message, section: error.section, record: error.record } }
          : { ok: false, message: error instanceof Error ? error.message : String(error), name: error instanceof Error ? error.name : 'Error' };
      send(failure);
    },
  );
});
