// The deployed functions invoked as AWS invokes them, locally and in-process: a route's declared
// handler with the event API Gateway would send, a task's as Step Functions would. Every AWS call an
// invocation makes is counted as its function's, with the counters of bench/instrument.ts (the clients
// and the workflow engine must be instrumented by the caller).
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { Counter, counting, type RecordedCall } from '../../bench/instrument';
import { HTTP_ROUTES } from '../../functions/http/routes';
import type { ApiEvent } from '../../shared/http/middleware';

const REGION = 'eu-west-1';

/** Each function's calls, over all its invocations, by name. */
const counters = new Map<string, Counter>();
const runs = new Map<string, number>();

/** The AWS calls function `name` made, over all its invocations so far. */
export const callsOf = (name: string): RecordedCall[] => counters.get(name)?.calls ?? [];
export const runsOf = (name: string): number => runs.get(name) ?? 0;

/** Runs one invocation of function `name`: every call made in it is that function's. */
export function invocation<T>(name: string, run: () => Promise<T>): Promise<T> {
  runs.set(name, runsOf(name) + 1);
  if (!counters.has(name)) counters.set(name, new Counter(name));
  return counting(counters.get(name)!, run);
}

export function lambdaContext(name: string): Context {
  const unsupported = () => {
    throw new Error('Callback-style Lambda context methods are not used');
  };
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${REGION}:000000000000:function:${name}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'test',
    getRemainingTimeInMillis: () => 25_000,
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

export interface Request {
  /** The signed-in caller's handle, as API Gateway's JWT authorizer hands it over. */
  caller?: string;
  params?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: unknown;
  /** A form post (the confirm page) instead of a JSON body. */
  form?: Record<string, string>;
}

// Answers are read field by field where a step needs one; typing each shape would only repeat the schemas.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = any;

/** Invokes route `name`'s declared handler with the event API Gateway would send it. */
export async function callRoute(
  name: string,
  request: Request = {},
): Promise<{ status: number; body: Loose }> {
  const { route, handler } = HTTP_ROUTES.find((r) => r.name === name)!;
  const path = route.path.replace(/\{(\w+)\}/g, (_, param: string) => request.params?.[param] ?? '');
  const body = request.form
    ? new URLSearchParams(request.form).toString()
    : request.body === undefined
      ? undefined
      : JSON.stringify(request.body);
  const contentType = request.form ? 'application/x-www-form-urlencoded' : 'application/json';
  const routeKey = `${route.method} ${route.path}`;
  const event = {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: new URLSearchParams(request.query).toString(),
    headers: { ...(body === undefined ? {} : { 'content-type': contentType }), ...request.headers },
    queryStringParameters: request.query,
    pathParameters: request.params,
    body,
    isBase64Encoded: false,
    requestContext: {
      http: { method: route.method, path },
      requestId: randomUUID(),
      routeKey,
      ...(request.caller ? { authorizer: { jwt: { claims: { nic: request.caller } } } } : {}),
    },
  } as unknown as ApiEvent;
  const result = await invocation(name, () => handler(event, lambdaContext(name)));
  const json = /json/.test(String(result.headers?.['content-type']));
  return { status: result.statusCode ?? 200, body: json ? JSON.parse(String(result.body)) : result.body };
}

/** Task functions running now: the background has settled when none is. */
let running = 0;
export const tasksRunning = () => running;

/** Step Functions invokes a task function: the declared handler, as the local runner calls it. */
export const task =
  <E, R>(name: string, handler: (event: E, context: Context) => Promise<R>) =>
  async (event: E, context: Context) => {
    running++;
    try {
      return await invocation(name, () => handler(event, context));
    } finally {
      running--;
    }
  };
