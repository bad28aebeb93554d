import createClient from 'openapi-fetch';
import type { paths } from './openapi';
import { currentToken } from '../auth/token';

/** One problem document (RFC 9457) as the API answers a 4xx or 5xx. */
export interface Problem {
  readonly type?: string;
  readonly title?: string;
  readonly status: number;
  readonly detail?: string;
  readonly code?: string;
  readonly errors?: readonly { readonly property: string; readonly messages: readonly string[] }[];
  readonly correlationId?: string;
}

/** A request the API refused or could not answer, with its problem document. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.name = 'ApiError';
  }

  get status(): number {
    return this.problem.status;
  }

  /** Messages for one field (the DTO property, or a nested path such as articles.0.text). */
  messagesFor(property: string): readonly string[] {
    return (this.problem.errors ?? []).filter((e) => e.property === property || e.property.startsWith(`${property}.`)).flatMap((e) => e.messages);
  }
}

/**
 * The typed client: paths and bodies come from the API's OpenAPI document (openapi.d.ts, generated
 * by `npm run web:api-types`). Calls go to the page's own origin; the bearer token, when signed in,
 * is added to each request and never stored outside memory.
 */
export const api = createClient<paths>({ baseUrl: '' });

api.use({
  onRequest({ request }) {
    const token = currentToken();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
});

/** The body of a successful answer, or an ApiError carrying the problem document. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  const problem = (typeof error === 'object' && error !== null ? error : {}) as Partial<Problem>;
  throw new ApiError({ ...problem, status: response.status, title: problem.title ?? response.statusText });
}

/** A file the API answers (audit file JSON or PDF), fetched with the bearer token, as a Blob. */
export async function download(path: string, headers: Record<string, string> = {}): Promise<{ blob: Blob; filename: string }> {
  const token = currentToken();
  const response = await fetch(path, { headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers } });
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as Partial<Problem>;
    throw new ApiError({ ...problem, status: response.status, title: problem.title ?? response.statusText });
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const filename = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1] ?? path.split('/').pop() ?? 'download';
  return { blob: await response.blob(), filename: decodeURIComponent(filename) };
}
