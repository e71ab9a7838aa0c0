// The one place the panel talks to the API: openapi-fetch over the types generated from the
// project's OpenAPI document, the bearer token added here, and every failure turned into an
// ApiProblem that screens show next to the field it names.
import createClient from 'openapi-fetch';
import { useLayoutEffect } from 'preact/hooks';
import type { components, paths } from './schema';

type Schemas = components['schemas'];
export type Account = Schemas['Account'];
export type Service = Schemas['Service'];
export type ContactChange = Schemas['ContactChange'];
export type Batch = Schemas['Batch'];
export type ChangeState = ContactChange['state'];
export type Role = Schemas['Role'];
export type Language = Account['language'];
export type Action = ContactChange['actions'][number];

export { ROLES, CHANGE_STATES } from './unions';

/** A problem document as an error: `code` keys the user's words, `fields` places them. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    /** API.md's code, or `network` when no answer came. Kept a string: newer codes must still show. */
    readonly code: string,
    detail: string,
    /** Field name (`tech`, `email`, `token`…) → the API's messages for it. */
    readonly fields: Record<string, string[]> = {},
    /** From `Retry-After` (429 too_many_requests), when given. */
    readonly retryAt?: Date,
    /** Field name → the code the API gives it (batch_refused: `services[3]` → that service's own code). */
    readonly codes: Record<string, string> = {},
  ) {
    super(detail);
  }
}

let token: string | null = null;
let onUnauthenticated: () => void = () => {};

/** The session's token for every call; set once the render is committed, never during it. */
export function useToken(value: string | null, whenRejected: () => void) {
  useLayoutEffect(() => {
    token = value;
    onUnauthenticated = whenRejected;
  }, [value, whenRejected]);
}

// The token is added by the client's own fetch, not by an onRequest middleware: openapi-fetch awaits
// a middleware before it sends, so a request started by a click (lib/preload.ts) would leave only
// after the click's history change and render; without one it leaves within the call.
export const api = createClient<paths>({
  baseUrl: location.origin,
  fetch: (request: Request) => {
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    return fetch(request);
  },
});

/** `body.tech` and `tech` both name the field `tech`; `params.…`/`query.…` stay as they are. */
const fieldOf = (path: string) => path.replace(/^body\./, '');

function retryAt(response: Response): Date | undefined {
  const value = response.headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) ? new Date(Date.now() + seconds * 1000) : new Date(value);
}

async function toProblem(response: Response, body: unknown): Promise<ApiProblem> {
  const problem = (body ?? {}) as Partial<Schemas['Problem']>;
  const fields: Record<string, string[]> = {};
  const codes: Record<string, string> = {};
  for (const { path, message, code } of problem.errors ?? []) {
    (fields[fieldOf(path)] ??= []).push(message);
    if (code) codes[fieldOf(path)] = code;
  }
  return new ApiProblem(
    response.status,
    typeof problem.code === 'string' ? problem.code : 'unexpected',
    problem.detail ?? response.statusText,
    fields,
    retryAt(response),
    codes,
  );
}

/** Awaits an openapi-fetch call: its data, or an ApiProblem. */
export async function call<T>(
  request: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await request;
  } catch {
    throw new ApiProblem(0, 'network', 'No answer');
  }
  if (result.error !== undefined || !result.response.ok) {
    const problem = await toProblem(result.response, result.error);
    if (problem.status === 401) onUnauthenticated();
    throw problem;
  }
  return result.data as T;
}
