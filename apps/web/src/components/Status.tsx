import { Link } from '@tanstack/react-router';
import { ApiError } from '../api/client';

export function Loading({ what }: { what: string }) {
  return (
    <p className="lrr-loading" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

/** A query that failed: the API's own words, and what the person can do. */
export function Failure({ error, what }: { error: unknown; what: string }) {
  const status = error instanceof ApiError ? error.status : null;
  const detail = error instanceof Error ? error.message : String(error);
  return (
    <div className="usa-alert usa-alert--error" role="alert">
      <div className="usa-alert__body">
        <h2 className="usa-alert__heading">{status === 404 ? `No ${what} to show` : `Could not load ${what}`}</h2>
        <p className="usa-alert__text">
          {status === 404 ? `It is not recorded, or your role may not see it. (${detail})` : detail}{' '}
          {status === 401 && <Link to="/sign-in">Sign in again.</Link>}
        </p>
      </div>
    </div>
  );
}

export function Empty({ children }: { children: React.ReactNode }) {
  return <p className="lrr-empty">{children}</p>;
}
