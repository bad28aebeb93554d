import { useMutation } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { download } from '../api/client';
import { CAN } from '../auth/roles';
import { useSession } from '../auth/session';
import { BundleCheck } from '../components/BundleCheck';
import { NegotiationNav } from '../components/NegotiationNav';
import { Failure } from '../components/Status';
import { NegotiationTable } from './Negotiations';

function save(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const FILES = [
  { kind: 'audit-file', format: 'json', label: 'Audit file (JSON bundle)', hint: 'signed; everything your role may read' },
  { kind: 'audit-file', format: 'pdf', label: 'Audit file (PDF)', hint: 'the same file for people to read' },
  { kind: 'public-records-file', format: 'json', label: 'Public-records file (JSON bundle)', hint: 'public records only, with a withheld log' },
  { kind: 'public-records-file', format: 'pdf', label: 'Public-records file (PDF)', hint: '' },
] as const;

export function NegotiationFiles() {
  const { negotiationId } = useParams({ strict: false }) as { negotiationId: string };
  const session = useSession();
  const [purpose, setPurpose] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const fetchFile = useMutation({
    mutationFn: async ({ kind, format }: { kind: string; format: string }) => {
      const headers: Record<string, string> = purpose.trim() ? { 'X-Access-Purpose': purpose.trim() } : {};
      return download(`/negotiations/${encodeURIComponent(negotiationId)}/${kind}?format=${format}`, headers);
    },
    onSuccess: ({ blob, filename }) => {
      save(blob, filename);
      setSaved(filename);
    },
  });
  return (
    <>
      <NegotiationNav negotiationId={negotiationId} />
      <h1>Files</h1>
      <section className="lrr-card" aria-labelledby="download">
        <h2 id="download">Download</h2>
        {CAN.readPrivileged(session.role) && (
          <div className="usa-form-group">
            <label className="usa-label" htmlFor="file-purpose">
              Purpose (recorded in the access log; needed for privileged content)
            </label>
            <input className="usa-input" id="file-purpose" value={purpose} onChange={(e) => setPurpose(e.target.value)} maxLength={500} />
          </div>
        )}
        <ul className="usa-list usa-list--unstyled lrr-downloads">
          {FILES.map((f) => (
            <li key={`${f.kind}.${f.format}`}>
              <button type="button" className="usa-button usa-button--outline" disabled={fetchFile.isPending} onClick={() => fetchFile.mutate({ kind: f.kind, format: f.format })}>
                {f.label}
              </button>
              <span className="font-sans-2xs lrr-muted">{f.hint}</span>
            </li>
          ))}
        </ul>
        <div aria-live="polite">
          {fetchFile.isPending && <p role="status">Preparing the file…</p>}
          {saved && !fetchFile.isPending && <p>Saved {saved}.</p>}
          {fetchFile.isError && <Failure error={fetchFile.error} what="the file" />}
        </div>
      </section>
      <section className="lrr-card" aria-labelledby="verify">
        <h2 id="verify">Verify a bundle</h2>
        <p>Check a downloaded JSON bundle, or one you received, in this browser.</p>
        <BundleCheck />
      </section>
    </>
  );
}

export function RecordsHome() {
  return (
    <>
      <h1>Records</h1>
      <p className="usa-intro">
        Find a negotiation to download its audit file or public-records file, or <Link to="/records/verify">verify a bundle</Link>.
      </p>
      <NegotiationTable withFiles />
    </>
  );
}
