import { BundleCheck } from '../components/BundleCheck';

export function VerifyBundle() {
  return (
    <>
      <h1>Verify a bundle</h1>
      <p className="usa-intro">
        An audit file or public-records file carries every event’s SHA-256 hash chain and a manifest signed with Ed25519. This page checks all of it in your browser and names the first event that was
        modified, removed or reordered.
      </p>
      <BundleCheck />
    </>
  );
}
