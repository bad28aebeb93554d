import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Options for serving the built web app (apps/web, built by Vite) from the API's own origin. */
export interface WebAppOptions {
  /** The Vite build's output directory (index.html and assets/). */
  readonly dir: string;
  /** Origins the page may also talk to: the OIDC issuer (token endpoint, silent renew frame). */
  readonly connectOrigins?: readonly string[];
  /**
   * Self-contained pages served as they are, by path (e.g. `/verify.html`, the standalone bundle
   * verifier): their inline scripts and styles are allowed by hash, and they may reach nothing.
   */
  readonly standalonePages?: Readonly<Record<string, string>>;
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

const sha256Source = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * The policy of a self-contained page: its own inline <script> and <style> elements, by hash, and
 * nothing else (no request, no frame, no form submission).
 */
export function standalonePageSecurityPolicy(html: string): string {
  const inline = (tag: string) => [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => sha256Source(m[1]!));
  const scripts = inline('script');
  const styles = inline('style');
  return [
    "default-src 'none'",
    `script-src ${scripts.length > 0 ? scripts.join(' ') : "'none'"}`,
    `style-src ${styles.length > 0 ? styles.join(' ') : "'none'"}`,
    "img-src data:",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
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
  const pageHeaders = (reply: FastifyReply) =>
    reply
      .header('cache-control', REVALIDATE)
      .header('content-security-policy', csp)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .type('text/html; charset=utf-8');

  if (built) {
    // Any file under assets/, found when asked for (a rebuild while the server runs adds new names).
    await instance.register(fastifyStatic, {
      root: join(options.dir, 'assets'),
      prefix: HASHED_ASSETS,
      wildcard: true,
      index: false,
      cacheControl: false,
      setHeaders: (reply) => {
        reply.header('cache-control', IMMUTABLE);
        reply.header('x-content-type-options', 'nosniff');
      },
    });
    // The few files Vite copies from apps/web/public to the top level (favicon).
    for (const file of ['favicon.svg']) {
      if (!existsSync(join(options.dir, file))) continue;
      instance.get(`/${file}`, (_request, reply) =>
        reply.header('cache-control', 'public, max-age=86400').header('x-content-type-options', 'nosniff').type('image/svg+xml').send(readFileSync(join(options.dir, file))),
      );
    }
  }
  // Read again when the build changes it, so `npm run build:web` shows without a restart.
  let cached: { mtimeMs: number; text: string } | null = null;
  const page = (): string => {
    if (!existsSync(indexFile)) return notBuiltPage;
    const { mtimeMs } = statSync(indexFile);
    if (cached?.mtimeMs !== mtimeMs) cached = { mtimeMs, text: readFileSync(indexFile, 'utf8') };
    return cached.text;
  };

  const answer = (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0]!;
    if (!wantsPage(request) || path.toLowerCase().startsWith(HASHED_ASSETS)) return reply.callNotFound();
    const text = page();
    return pageHeaders(reply).code(text === notBuiltPage ? 503 : 200).send(text);
  };
  instance.get('/', answer);
  instance.get('/*', answer);

  // Named routes: the router prefers them to the wildcard above, whatever the request's Accept.
  for (const [path, html] of Object.entries(options.standalonePages ?? {})) {
    const policy = standalonePageSecurityPolicy(html);
    instance.get(path, (_request, reply) =>
      reply
        .header('cache-control', REVALIDATE)
        .header('content-security-policy', policy)
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        .type('text/html; charset=utf-8')
        .send(html),
    );
  }
}

const notBuiltPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Labor relations record</title></head>
<body><main><h1>The web app is not built</h1>
<p>Run <code>npm run build:web</code> (or <code>npm start</code>, which builds it) and reload. The API is running: its documentation is at <a href="/docs">/docs</a>.</p></main></body></html>
`;
