import { useState, type DragEvent } from 'react';
import { readBundleFile, verifyBundle, type VerificationReport } from '#bundle-verifier';

/**
 * Verifies a bundle file in this page, with no server involved: the same verifier as
 * `npm run cli -- verify` (libs/bundle-verifier), on the browser's WebCrypto.
 */
export function BundleCheck({ id = 'bundle-file' }: { id?: string }) {
  const [report, setReport] = useState<VerificationReport | null>(null);
  const [name, setName] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [trusted, setTrusted] = useState('');

  async function check(file: File) {
    setBusy(true);
    setReport(null);
    setProblem(null);
    setName(file.name);
    try {
      const { bundle } = await readBundleFile(new Uint8Array(await file.arrayBuffer()), file.name);
      setReport(await verifyBundle(bundle, trusted.trim() ? { trustedKeys: [trusted.trim()] } : {}));
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  }

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    const file = event.dataTransfer.files[0];
    if (file) void check(file);
  };

  // The first problem the report lists, as `verify` and the standalone verify.html list it.
  const first = report?.problems[0];
  return (
    <div className="lrr-verify">
      <div className="usa-form-group" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
        <label className="usa-label" htmlFor={id}>
          Bundle file (.json or .pdf)
        </label>
        <span className="usa-hint" id={`${id}-hint`}>
          Drop the audit or public-records file (the .json, or the PDF that carries it) here, or choose it. It is checked in this browser: nothing is sent anywhere. <a href="/verify.html">A standalone copy of this check</a> works without this site.
        </span>
        <input
          className="usa-file-input__input lrr-file"
          id={id}
          type="file"
          accept=".json,application/json,.pdf,application/pdf"
          aria-describedby={`${id}-hint`}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void check(file);
            e.target.value = '';
          }}
        />
      </div>
      <details className="margin-bottom-2">
        <summary>Check the signer against the records office’s published key (optional)</summary>
        <label className="usa-label" htmlFor={`${id}-key`}>
          Trusted public key (PEM)
        </label>
        <textarea className="usa-textarea" id={`${id}-key`} value={trusted} onChange={(e) => setTrusted(e.target.value)} rows={4} />
      </details>
      <div aria-live="polite" data-testid="verification-result">
        {busy && <p role="status">Checking {name}…</p>}
        {problem && (
          <div className="usa-alert usa-alert--error" role="alert">
            <div className="usa-alert__body">
              <p className="usa-alert__text">{problem}</p>
            </div>
          </div>
        )}
        {report && (
          <div className={`usa-alert ${report.intact ? 'usa-alert--success' : 'usa-alert--error'}`} role="alert">
            <div className="usa-alert__body">
              <h3 className="usa-alert__heading">{report.intact ? 'Intact' : 'NOT intact'}</h3>
              <p className="usa-alert__text">
                {name}: bundle {report.bundleId ?? '(unknown)'}
                {report.kind && `, ${report.kind}`}
                {report.negotiationId && ` of ${report.negotiationId}`}. Signature {report.signature.valid ? 'valid' : 'INVALID'}; key {report.signature.fingerprint ?? '(unreadable)'}
                {report.signature.trusted === true ? ', a trusted key' : report.signature.trusted === false ? ', NOT a trusted key' : ': compare this fingerprint with the one the records office publishes'}.
              </p>
              {!report.intact && first && (
                <p className="usa-alert__text" data-testid="first-problem">
                  <strong>First problem:</strong> {first.message}
                </p>
              )}
            </div>
          </div>
        )}
        {report && (
          <table className="usa-table usa-table--borderless usa-table--compact lrr-table">
            <caption>Streams in the file</caption>
            <thead>
              <tr>
                <th scope="col">Stream</th>
                <th scope="col" className="lrr-num">Events</th>
                <th scope="col" className="lrr-num">Withheld</th>
                <th scope="col">Chain</th>
              </tr>
            </thead>
            <tbody>
              {report.streams.map((s) => (
                <tr key={s.stream}>
                  <th scope="row">{s.stream}</th>
                  <td className="lrr-num">{s.events}</td>
                  <td className="lrr-num">{s.withheld}</td>
                  <td>{s.intact ? 'intact' : s.chain.intact ? 'differs from the signed manifest' : `broken at revision ${String(s.chain.revision)}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {report && report.problems.length > 1 && (
          <details>
            <summary>All {report.problems.length} problems</summary>
            <ul>
              {report.problems.map((p, i) => (
                <li key={i}>
                  [{p.kind}] {p.message}
                </li>
              ))}
            </ul>
          </details>
        )}
      </div>
    </div>
  );
}
