/**
 * A real OpenID Provider on a loopback port for browser tests of the production sign-in:
 * `oidc-provider` (panva's certified implementation) with its development login form, one public
 * client (authorization code with PKCE) for the web app, and access tokens issued as JWTs for the
 * API's audience (RFC 8707 resource indicators) carrying the person's `role` claim.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { errors, type Configuration } from 'oidc-provider';

export interface IssuerPerson {
  readonly role: string;
  readonly name: string;
  readonly email: string;
}

export interface IssuerOptions {
  /** The API's audience: the only resource indicator this issuer knows. */
  readonly audience: string;
  readonly clientId: string;
  /** Access token lifetime: short, so the app renews while a test watches. */
  readonly accessTokenSeconds: number;
  /** Who can sign in, by login name; any password is accepted (the development login form). */
  readonly people: Readonly<Record<string, IssuerPerson>>;
}

export interface LocalIssuer {
  /** The issuer identifier, `http://127.0.0.1:<port>` (also the base of every endpoint). */
  readonly url: string;
  readonly jwksUrl: string;
  /** Opens the issuer to the web app at `origin`: registers its redirect URIs and starts answering. */
  serve(origin: string): void;
  close(): Promise<void>;
}

/** Starts listening at once (the issuer URL is needed to configure the API); answers once `serve` names the app's origin. */
export async function startIssuer(options: IssuerOptions): Promise<LocalIssuer> {
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;
  const server: Server = createServer((req, res) => {
    if (handler) return handler(req, res);
    res.statusCode = 503;
    res.end('issuer not yet configured');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: 'test-issuer-1', alg: 'RS256', use: 'sig' };

  return {
    url,
    jwksUrl: `${url}/jwks`,
    serve(origin: string) {
      const configuration: Configuration = {
        clients: [
          {
            client_id: options.clientId,
            application_type: 'web',
            token_endpoint_auth_method: 'none',
            grant_types: ['authorization_code'],
            response_types: ['code'],
            redirect_uris: [`${origin}/sign-in/callback`, `${origin}/sign-in/silent`],
            post_logout_redirect_uris: [`${origin}/signed-out`],
          },
        ],
        jwks: { keys: [signingKey] },
        cookies: { keys: ['oidc-issuer-test-cookie-key'] },
        claims: { openid: ['sub'], profile: ['name'], email: ['email'] },
        findAccount: (_ctx, id) => {
          const person = options.people[id];
          return person ? { accountId: id, claims: () => ({ sub: id, name: person.name, email: person.email }) } : undefined;
        },
        features: {
          devInteractions: { enabled: true },
          resourceIndicators: {
            enabled: true,
            getResourceServerInfo: (_ctx, indicator) => {
              if (indicator !== options.audience) throw new errors.InvalidTarget();
              return { scope: '', audience: options.audience, accessTokenFormat: 'jwt', accessTokenTTL: options.accessTokenSeconds, jwt: { sign: { alg: 'RS256' } } };
            },
          },
          rpInitiatedLogout: { enabled: true },
        },
        // The API's authority: the person's role, in every access token issued for the API.
        extraTokenClaims: (_ctx, token) => {
          if (token.kind !== 'AccessToken' || !('aud' in token) || !token.aud) return undefined;
          const person = token.accountId ? options.people[token.accountId] : undefined;
          return person ? { role: person.role } : undefined;
        },
        ttl: { AccessToken: options.accessTokenSeconds, IdToken: options.accessTokenSeconds, Interaction: 600, Session: 3_600, Grant: 3_600 },
        // The token endpoint answers the app's page (a public client's fetch), and nothing else.
        clientBasedCORS: (_ctx, requestOrigin) => requestOrigin === origin,
      };
      const provider = new Provider(url, configuration);
      handler = provider.callback();
    },
    close: () =>
      new Promise<void>((done, fail) => {
        server.closeAllConnections();
        server.close((error) => (error ? fail(error) : done()));
      }),
  };
}
