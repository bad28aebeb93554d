import { existsSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Options for serving the built web app (apps/web, built by Vite) from the API's own origin. */
export interface WebAppOptions {
  /** The Vite build's output directory (index.html and assets/). */
  readonly dir: string;
  /** Origins the page may also talk to: the OIDC issuer (token endpoint, silent renew frame). */
  readonly connectOrigins?: readonly string[];
}

/** Vite names every file under assets/ by a hash of its content: a changed file is a new URL. */
const HASHED_ASSETS = '/assets/';
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** The page itself is checked every time, so a new build is picked up on the next load. */
const REVALIDATE = 'no-cache';

function contentSecurityPolicy(connectOrigins: readonly string[]): string {
  const others = connectOrigins.length > 0 ? ` ${connectOrigins.join(' ')}` : '';
  return [
    "default-src 'self'",
    `connect-src 'self'${others}`,
    // oidc-client-ts renews tokens in a hidden frame that visits the issuer and returns to this origin.
    `frame-src 'self'${others}`,
    "frame-ancestors 'self'",
    "img-src 'self' data: blob:",
    "style-src 'self'",
    "script-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

/** Whether a GET is a browser asking for a page (navigation), as opposed to an API client. */
function wantsPage(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('text/html');
}

/**
 * Serves the single-page app at `/`: hashed assets with a year's immutable cache, index.html
 * revalidated on every load, and index.html for any other GET that a browser makes for a page
 * (Accept: text/html) and no route answers, so a reload on /negotiation/x/timeline opens the app
 * there. Routes the API defines answer first (the router prefers them to the wildcard); an unknown
 * path asked for by an API client, and a missing asset, get the API's 404 problem document.
 */
export async function mountWebApp(instance: FastifyInstance, options: WebAppOptions): Promise<void> {
  const indexFile = join(options.dir, 'index.html');
  const built = existsSync(indexFile);
  const csp = contentSecurityPolicy(options.connectOrigins ?? []);
  const assetsDir = join(options.dir, 'assets') + sep;
  const pageHeaders = (reply: FastifyReply) =>
    reply
      .header('cache-control', REVALIDATE)
      .header('content-security-policy', csp)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .type('text/html; charset=utf-8');

  if (built) {
    await instance.register(fastifyStatic, {
      root: options.dir,
      prefix: '/',
      // A route per file found now; everything else falls through to the handler below.
      wildcard: false,
      index: false,
      cacheControl: false,
      setHeaders: (res, path) => {
        res.header('cache-control', path.startsWith(assetsDir) ? IMMUTABLE : REVALIDATE);
        res.header('x-content-type-options', 'nosniff');
      },
    });
  }
  // Read once: the build does not change under a running server.
  const page = built ? readFileSync(indexFile, 'utf8') : notBuiltPage;

  const answer = (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0]!;
    if (!wantsPage(request) || path.toLowerCase().startsWith(HASHED_ASSETS)) return reply.callNotFound();
    return pageHeaders(reply).code(built ? 200 : 503).send(page);
  };
  instance.get('/', answer);
  instance.get('/*', answer);
}

const notBuiltPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Labor relations record</title></head>
<body><main><h1>The web app is not built</h1>
<p>Run <code>npm run build:web</code> (or <code>npm start</code>, which builds it) and reload. The API is running: its documentation is at <a href="/docs">/docs</a>.</p></main></body></html>
`;
