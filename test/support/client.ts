// A tiny HTTP client for acceptance tests: an outside client's view of the API, nothing more.
// `as(nic)` signs in through POST /_local/token; every answer comes back as status, headers and
// body (parsed JSON when the answer says it is JSON, text otherwise).

// Answers are what the tests assert on, field by field; typing every shape here would only repeat the schemas.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

export interface Answer<B = Loose> {
  status: number;
  headers: Headers;
  body: B;
}

export type HeaderMap = Record<string, string>;

export interface Client {
  get<B = Loose>(path: string, headers?: HeaderMap): Promise<Answer<B>>;
  post<B = Loose>(path: string, body?: unknown, headers?: HeaderMap): Promise<Answer<B>>;
  put<B = Loose>(path: string, body?: unknown, headers?: HeaderMap): Promise<Answer<B>>;
  /** Any method with the body sent as given, byte for byte: for malformed and mislabelled bodies. */
  raw<B = Loose>(method: string, path: string, body?: string, headers?: HeaderMap): Promise<Answer<B>>;
}

const JSON_TYPE = /^application\/([\w.+-]+\+)?json/i;

async function read(response: Response): Promise<Answer> {
  const text = await response.text();
  const isJson = JSON_TYPE.test(response.headers.get('content-type') ?? '') && text !== '';
  return { status: response.status, headers: response.headers, body: isJson ? JSON.parse(text) : text };
}

/** A client for `baseUrl`, sending `authorization` when given. Bodies are sent as JSON. */
function client(baseUrl: string, authorization?: string): Client {
  const raw = async (method: string, path: string, body?: string, headers: HeaderMap = {}) =>
    read(
      await fetch(`${baseUrl}${path}`, {
        method,
        headers: { ...(authorization ? { authorization } : {}), ...headers },
        body,
      }),
    );
  const send = (method: string, path: string, body: unknown, headers: HeaderMap = {}) =>
    body === undefined
      ? raw(method, path, undefined, headers)
      : raw(method, path, JSON.stringify(body), { 'content-type': 'application/json', ...headers });
  return {
    get: (path, headers) => send('GET', path, undefined, headers),
    post: (path, body, headers) => send('POST', path, body, headers),
    put: (path, body, headers) => send('PUT', path, body, headers),
    raw,
  };
}

export interface Api extends Client {
  /** A client signed in as `nic`, with a token from POST /_local/token. */
  as(nic: string): Promise<Client>;
  /** A client sending this Authorization header as is (a bad or foreign token). */
  withAuthorization(value: string): Client;
}

/** The API at `baseUrl`: anonymous calls directly, signed-in ones through `as(nic)`. */
export function api(baseUrl: string): Api {
  const anonymous = client(baseUrl);
  return {
    ...anonymous,
    async as(nic) {
      const answer = await anonymous.post<{ token: string }>('/_local/token', { nic });
      if (answer.status !== 200)
        throw new Error(`No token for ${nic}: ${answer.status} ${JSON.stringify(answer.body)}`);
      return client(baseUrl, `Bearer ${answer.body.token}`);
    },
    withAuthorization: (value) => client(baseUrl, value),
  };
}

/** What a refusal says, in one value to compare: `{ status, code, contentType }`. */
export const problemOf = (answer: Answer) => ({
  status: answer.status,
  code: typeof answer.body === 'object' && answer.body !== null ? answer.body.code : undefined,
  contentType: answer.headers.get('content-type'),
});
