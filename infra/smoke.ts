// The smoke suite: a few requests any deployment must answer as it should, run after every deploy
// (the pipeline, against dev and prod) and against `npm start` in .ci/run. It prints one line per
// check and exits non-zero if any failed. Nothing it does changes state.
//
//   npm run smoke -- --url https://d111111abcdef8.cloudfront.net [--token <JWT>]
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';

interface Answer {
  status: number;
  type: string;
  headers: Headers;
  body: string;
}

interface Check {
  name: string;
  path: string;
  headers?: Record<string, string>;
  /** What is wrong with the answer, or undefined when it is right; may add a note to the line. */
  verdict(answer: Answer): string | undefined | { note: string };
}

const json = (answer: Answer): Record<string, unknown> => {
  try {
    return JSON.parse(answer.body) as Record<string, unknown>;
  } catch {
    return {};
  }
};

const expectStatus = (answer: Answer, status: number) =>
  answer.status === status ? undefined : `status ${String(answer.status)}, expected ${String(status)}`;

export function checks(token?: string): Check[] {
  const list: Check[] = [
    {
      name: 'health',
      path: '/health',
      verdict: (a) =>
        expectStatus(a, 200) ?? (json(a).status === 'ok' ? undefined : 'body is not {"status":"ok"}'),
    },
    {
      name: 'control panel, with its CSP',
      path: '/panel/',
      verdict: (a) => {
        const csp = a.headers.get('content-security-policy') ?? '';
        if (a.status !== 200) return expectStatus(a, 200);
        if (!a.type.startsWith('text/html')) return `content-type ${a.type}, expected text/html`;
        if (!/script-src 'self'(;|$)/.test(csp)) return `CSP without script-src 'self' alone: "${csp}"`;
        if (!csp.includes("frame-ancestors 'none'")) return `CSP without frame-ancestors 'none': "${csp}"`;
        return undefined;
      },
    },
    {
      name: 'OpenAPI document',
      path: '/openapi.json',
      verdict: (a) => {
        const doc = json(a) as { openapi?: string; paths?: Record<string, unknown> };
        if (a.status !== 200) return expectStatus(a, 200);
        return doc.openapi?.startsWith('3.') && doc.paths?.['/health']
          ? undefined
          : 'not an OpenAPI 3 document with /health';
      },
    },
    {
      name: 'a signed-in route without a token',
      path: '/me',
      verdict: (a) => {
        const body = json(a);
        if (a.status !== 401) return expectStatus(a, 401);
        if (a.type.startsWith('application/problem+json') && body.code === 'unauthenticated')
          return undefined;
        // Deployed, API Gateway's JWT authorizer answers before any handler (docs/deploy.md).
        if (body.message === 'Unauthorized') return { note: "API Gateway's own 401" };
        return `not a problem document with code unauthenticated: ${a.body.slice(0, 200)}`;
      },
    },
    {
      name: 'confirm page with a junk code',
      path: `/confirm/${randomUUID()}?token=junk`,
      verdict: (a) => {
        if (a.status < 400 || a.status > 499) return `status ${String(a.status)}, expected a 4xx page`;
        if (!a.type.startsWith('text/html')) return `content-type ${a.type}, expected text/html`;
        return /<html lang="\w+"/.test(a.body) && /<title>[^<]+<\/title>/.test(a.body)
          ? undefined
          : 'not a page a person can read (no <html lang> or <title>)';
      },
    },
  ];
  if (token) {
    list.push({
      name: 'a signed-in read',
      path: '/me',
      headers: { authorization: `Bearer ${token}` },
      verdict: (a) =>
        expectStatus(a, 200) ??
        (typeof json(a).nic === 'string' ? undefined : 'no account (nic) in the answer'),
    });
  }
  return list;
}

async function run(base: string, check: Check): Promise<string | undefined> {
  const started = performance.now();
  let line: string;
  let failed: string | undefined;
  try {
    const response = await fetch(`${base}${check.path}`, {
      headers: check.headers,
      redirect: 'manual',
      signal: AbortSignal.timeout(15_000),
    });
    const answer: Answer = {
      status: response.status,
      type: response.headers.get('content-type') ?? '',
      headers: response.headers,
      body: await response.text(),
    };
    const verdict = check.verdict(answer);
    failed = typeof verdict === 'string' ? verdict : undefined;
    const note = typeof verdict === 'object' ? ` (${verdict.note})` : '';
    const ms = Math.round(performance.now() - started);
    line = `${String(answer.status)} in ${String(ms)} ms${note}`;
  } catch (error) {
    failed = `no answer: ${error instanceof Error ? error.message : String(error)}`;
    line = '';
  }
  // The path without its query: a code, even a junk one, is never printed.
  const where = `GET ${check.path.split('?')[0]!}`;
  console.log(failed ? `FAIL ${check.name}: ${where}: ${failed}` : `ok   ${check.name}: ${where}: ${line}`);
  return failed;
}

async function main() {
  const { values } = parseArgs({ options: { url: { type: 'string' }, token: { type: 'string' } } });
  if (!values.url || !/^https?:\/\/[^/]+/.test(values.url)) {
    console.error(
      'Usage: npm run smoke -- --url <base URL, e.g. https://d111.cloudfront.net> [--token <JWT>]',
    );
    process.exit(2);
  }
  const base = values.url.replace(/\/+$/, '');
  console.log(`Smoke checks against ${base}`);
  let failures = 0;
  for (const check of checks(values.token)) if (await run(base, check)) failures++;
  console.log(failures ? `${String(failures)} check(s) failed` : 'Every check passed');
  process.exit(failures ? 1 : 0);
}

await main();
