import { Link, Navigate, useNavigate, useSearch } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import { ROLES, ROLE_LABELS, type Role } from '../auth/roles';
import { useAuth } from '../auth/session';
import { Loading } from '../components/Status';

/** Where to go once signed in: a page of this app the person asked for, never back into signing in. */
function landingPath(returnTo: string): string {
  return returnTo.startsWith('/') && !returnTo.startsWith('//') && !returnTo.startsWith('/sign-in') ? returnTo : '/';
}

function DevelopmentSignIn({ roles, returnTo }: { roles: readonly Role[]; returnTo: string }) {
  const { signInForDevelopment } = useAuth();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const subject = String(form.get('subject') ?? '').trim();
    if (!subject) return setError('Enter your name or e-mail address: it is recorded as the actor of what you record.');
    setBusy(true);
    setError(null);
    try {
      await signInForDevelopment(String(form.get('role')) as Role, subject);
      await navigate({ to: landingPath(returnTo) });
    } catch (e) {
      setError(e instanceof ApiError ? (e.problem.errors?.flatMap((x) => x.messages).join('; ') ?? e.message) : String(e));
      setBusy(false);
    }
  };
  return (
    <form className="usa-form usa-form--large" onSubmit={(e) => void onSubmit(e)} noValidate>
      <div className="usa-alert usa-alert--warning" role="note">
        <div className="usa-alert__body">
          <h2 className="usa-alert__heading">Development sign-in</h2>
          <p className="usa-alert__text">
            No identity provider is configured and the API listens only on this machine, so you may pick any role and name. The token is signed by this installation’s embedded key. A production run
            signs people in through the organisation’s identity provider instead.
          </p>
        </div>
      </div>
      <fieldset className="usa-fieldset">
        <legend className="usa-legend usa-legend--large">Sign in for development</legend>
        <div className={`usa-form-group${error ? ' usa-form-group--error' : ''}`}>
          <label className="usa-label" htmlFor="subject">
            Your name or e-mail address
          </label>
          {error && (
            <span className="usa-error-message" id="subject-error" role="alert">
              {error}
            </span>
          )}
          <input className={`usa-input${error ? ' usa-input--error' : ''}`} id="subject" name="subject" autoComplete="email" defaultValue="" aria-describedby={error ? 'subject-error' : undefined} />
        </div>
        <div className="usa-form-group">
          <label className="usa-label" htmlFor="role">
            Role
          </label>
          <select className="usa-select" id="role" name="role" defaultValue="negotiator">
            {roles.map((role) => (
              <option key={role} value={role}>
                {ROLE_LABELS[role]}
              </option>
            ))}
          </select>
        </div>
        <button className="usa-button" type="submit" disabled={busy}>
          Sign in
        </button>
      </fieldset>
    </form>
  );
}

export function SignIn() {
  const { options, session, restoring, signInWithProvider } = useAuth();
  const search = useSearch({ strict: false }) as { returnTo?: string };
  const returnTo = search.returnTo ?? '/';
  if (session) return <Navigate to={landingPath(returnTo)} replace />;
  if (restoring || !options) return <Loading what="the sign-in options" />;
  return (
    <section className="lrr-narrow">
      <h1>Sign in</h1>
      <p className="usa-intro">The labor relations record: bargaining history, tentative agreements, information requests and signed audit files.</p>
      {options.mode === 'development' ? (
        <DevelopmentSignIn roles={options.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r))} returnTo={returnTo} />
      ) : options.mode === 'oidc' ? (
        <button className="usa-button usa-button--big" type="button" onClick={() => void signInWithProvider(returnTo)}>
          Sign in with your organisation’s account
        </button>
      ) : (
        <div className="usa-alert usa-alert--info">
          <div className="usa-alert__body">
            <p className="usa-alert__text">Sign-in is not configured for the web app: {options.reason}</p>
          </div>
        </div>
      )}
    </section>
  );
}

export function SignInCallback() {
  const { session, error, returnTo } = useAuth();
  if (session) return <Navigate to={landingPath(returnTo ?? '/')} replace />;
  return error ? <p role="alert">{error}</p> : <Loading what="your sign-in" />;
}

export function SignedOut() {
  return (
    <section className="lrr-narrow">
      <h1>Signed out</h1>
      <p>
        You are signed out. <Link to="/sign-in">Sign in again</Link>.
      </p>
    </section>
  );
}
