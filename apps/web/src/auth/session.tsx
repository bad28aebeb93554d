import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { UserManager, UserManagerSettings } from 'oidc-client-ts';
import { api, unwrap } from '../api/client';
import type { components } from '../api/openapi';
import { isRole, type Role } from './roles';
import { setCurrentToken } from './token';

export type SignInOptions = components['schemas']['OidcSignInDto'] | components['schemas']['DevelopmentSignInDto'] | components['schemas']['NoSignInDto'];

export interface Session {
  readonly mode: 'development' | 'oidc';
  readonly role: Role;
  readonly subject: string;
  /** Milliseconds since the epoch. */
  readonly expiresAt: number;
}

interface AuthState {
  readonly options: SignInOptions | null;
  readonly session: Session | null;
  /** True until the first attempt to restore a session has finished. */
  readonly restoring: boolean;
  /** Where the person was going when the issuer's sign-in began (on the callback page). */
  readonly returnTo: string | null;
  readonly error: string | null;
  signInForDevelopment(role: Role, subject: string): Promise<void>;
  signInWithProvider(returnTo: string): Promise<void>;
  signOut(): Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

/** The development sign-in keeps who signed in (not the token) for the tab, so a reload signs in again silently. */
const DEVELOPMENT_KEY = 'lrr.development-sign-in';
/** Renew this long before the token runs out. */
const RENEW_EARLY_MS = 5 * 60_000;

function claimsOf(jwt: string): Record<string, unknown> {
  try {
    const payload = jwt.split('.')[1] ?? '';
    return JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/**
 * Asks the issuer for an access token meant for the API. RFC 8707 names it with `resource` at both the
 * authorization and the token request (an authorization server binds the code to it, then issues
 * the token for it); Auth0 takes `audience` at the authorization request; issuers where a scope
 * names the API take neither.
 */
function audienceParameters(options: components['schemas']['OidcSignInDto']): Pick<UserManagerSettings, 'extraQueryParams' | 'extraTokenParams'> {
  switch (options.audienceParameter) {
    case 'resource':
      return { extraQueryParams: { resource: options.audience }, extraTokenParams: { resource: options.audience } };
    case 'audience':
      return { extraQueryParams: { audience: options.audience } };
    default:
      return {};
  }
}

async function userManager(options: components['schemas']['OidcSignInDto']): Promise<UserManager> {
  // Loaded only where an issuer is configured: the embedded run never downloads it.
  const { InMemoryWebStorage, UserManager, WebStorageStateStore } = await import('oidc-client-ts');
  const origin = window.location.origin;
  return new UserManager({
    authority: options.issuer,
    client_id: options.clientId,
    scope: options.scope,
    response_type: 'code',
    redirect_uri: `${origin}/sign-in/callback`,
    silent_redirect_uri: `${origin}/sign-in/silent`,
    post_logout_redirect_uri: `${origin}/signed-out`,
    // Tokens live in memory only; a reload restores the session through the issuer (silent sign-in).
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    automaticSilentRenew: true,
    ...audienceParameters(options),
  });
}

/** Who signed in for development in this tab, if anyone did. */
function savedDevelopmentSignIn(): { role: Role; subject: string } | null {
  try {
    const parsed = JSON.parse(sessionStorage.getItem(DEVELOPMENT_KEY) ?? 'null') as { role?: unknown; subject?: unknown } | null;
    return parsed && isRole(parsed.role) && typeof parsed.subject === 'string' ? { role: parsed.role, subject: parsed.subject } : null;
  } catch {
    return null;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [options, setOptions] = useState<SignInOptions | null>(null);
  const [session, setSession] = useState<Session | null>(null);
  const [restoring, setRestoring] = useState(true);
  const [returnTo, setReturnTo] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const manager = useRef<UserManager | null>(null);
  const renewTimer = useRef<number | undefined>(undefined);

  const adopt = useCallback((next: Session | null, token: string | null) => {
    setCurrentToken(token);
    setSession(next);
  }, []);

  const mintDevelopmentToken = useCallback(
    async (role: Role, subject: string, minting = unwrap(api.POST('/auth/development-tokens', { body: { role, subject } }))) => {
      const answer = await minting;
      adopt({ mode: 'development', role: answer.role as Role, subject: answer.subject, expiresAt: Date.parse(answer.expiresAt) }, answer.token);
      sessionStorage.setItem(DEVELOPMENT_KEY, JSON.stringify({ role, subject }));
      window.clearTimeout(renewTimer.current);
      const wait = Math.max(10_000, Date.parse(answer.expiresAt) - Date.now() - RENEW_EARLY_MS);
      renewTimer.current = window.setTimeout(() => void mintDevelopmentToken(role, subject).catch(() => adopt(null, null)), wait);
    },
    [adopt],
  );

  const adoptOidcUser = useCallback(
    (user: { access_token: string; expires_at?: number; profile: Record<string, unknown> } | null) => {
      if (!user) return adopt(null, null);
      const claims = { ...user.profile, ...claimsOf(user.access_token) };
      const role = claims['role'];
      if (!isRole(role)) {
        setError('Your account carries no role of this system (the token needs a "role" claim). Ask the administrator of the identity provider.');
        return adopt(null, null);
      }
      const subject = String(claims['email'] ?? claims['preferred_username'] ?? claims['sub'] ?? 'unknown');
      adopt({ mode: 'oidc', role, subject, expiresAt: (user.expires_at ?? 0) * 1000 }, user.access_token);
    },
    [adopt],
  );

  useEffect(() => {
    let cancelled = false;
    (async () => {
      // A returning development sign-in asks for its token while the sign-in options are on their
      // way, not after them: one round trip on load instead of two. The token is used only if the
      // options say development sign-in is offered.
      const saved = savedDevelopmentSignIn();
      const minting = saved && unwrap(api.POST('/auth/development-tokens', { body: saved }));
      minting?.catch(() => undefined);
      const answer = (await unwrap(api.GET('/auth/sign-in-options'))) as SignInOptions;
      if (cancelled) return;
      setOptions(answer);
      const path = window.location.pathname;
      if (answer.mode === 'development') {
        if (saved && minting) await mintDevelopmentToken(saved.role, saved.subject, minting).catch(() => sessionStorage.removeItem(DEVELOPMENT_KEY));
      } else if (answer.mode === 'oidc') {
        const um = await userManager(answer);
        manager.current = um;
        um.events.addUserLoaded((user) => adoptOidcUser(user));
        um.events.addUserUnloaded(() => adopt(null, null));
        um.events.addSilentRenewError(() => setError('Your sign-in could not be renewed; sign in again.'));
        if (path === '/sign-in/silent') {
          await um.signinSilentCallback();
          return;
        }
        if (path === '/sign-in/callback') {
          const user = await um.signinRedirectCallback();
          setReturnTo((user.state as { returnTo?: string } | undefined)?.returnTo ?? '/');
          adoptOidcUser(user);
        } else if (path !== '/signed-out') {
          // No token survives a reload: the issuer's session, if any, signs the person in again without a page.
          adoptOidcUser(await um.signinSilent().catch(() => null));
        }
      }
    })()
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => !cancelled && setRestoring(false));
    return () => {
      cancelled = true;
    };
  }, [adopt, adoptOidcUser, mintDevelopmentToken]);

  const value = useMemo<AuthState>(
    () => ({
      options,
      session,
      restoring,
      returnTo,
      error,
      signInForDevelopment: (role, subject) => mintDevelopmentToken(role, subject),
      signInWithProvider: async (returnTo) => {
        if (!manager.current) throw new Error('no identity provider is configured');
        await manager.current.signinRedirect({ state: { returnTo } });
      },
      signOut: async () => {
        window.clearTimeout(renewTimer.current);
        sessionStorage.removeItem(DEVELOPMENT_KEY);
        const um = manager.current;
        adopt(null, null);
        // signoutRedirect forgets the user itself, after taking the ID token to show the issuer whose session ends.
        if (um) await um.signoutRedirect().catch(() => um.removeUser());
      },
    }),
    [options, session, restoring, returnTo, error, mintDevelopmentToken, adopt],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}

/** The signed-in session; pages under the signed-in layout may rely on it. */
export function useSession(): Session {
  const { session } = useAuth();
  if (!session) throw new Error('not signed in');
  return session;
}
