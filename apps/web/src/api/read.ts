import { unwrap } from './client';

/** The body of a GET whose answer the OpenAPI document does not describe yet, as the given view type. */
export function read<T>(call: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<T> {
  return unwrap(call) as Promise<T>;
}

export const today = () => new Date().toISOString().slice(0, 10);
