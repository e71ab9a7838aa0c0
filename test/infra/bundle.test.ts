// The bundling every function gets, for real (esbuild, no Docker): the ESM output with its
// createRequire banner loads in Node and answers. The other infra tests skip bundling for speed.
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { App, Duration, Stack } from 'aws-cdk-lib';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledFunction } from '../../infra/constructs/functions';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// Inside the project, so that the bundles' external @aws-sdk/* imports resolve as they would in Lambda.
const CACHE = join(ROOT, 'node_modules', '.cache');

let outdir: string;
const bundles = new Map<string, string>();

beforeAll(() => {
  mkdirSync(CACHE, { recursive: true });
  outdir = mkdtempSync(join(CACHE, 'bundle-test-'));
  // Asset metadata names each function's bundle folder, as the CLI's synth does.
  const app = new App({
    outdir,
    context: { 'aws:cdk:enable-asset-metadata': true },
    builtinCloudFormationValidation: false,
  });
  const stack = new Stack(app, 'BundleCheck');
  const options = { timeout: Duration.seconds(3), environment: {}, statements: [] };
  bundledFunction(stack, 'Health', {
    functionName: 'health',
    entry: 'functions/http/health.ts',
    exportName: 'handler',
    ...options,
  });
  bundledFunction(stack, 'Openapi', {
    functionName: 'openapi',
    entry: 'functions/http/openapi.ts',
    exportName: 'openApiHandler',
    ...options,
  });
  const template = app.synth().getStackByName('BundleCheck').template as {
    Resources: Record<
      string,
      { Type: string; Properties: { FunctionName: string }; Metadata?: Record<string, string> }
    >;
  };
  for (const fn of Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function')) {
    bundles.set(fn.Properties.FunctionName, join(outdir, fn.Metadata?.['aws:asset:path'] ?? ''));
  }
}, 60_000);

afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

const load = async (name: string) =>
  (await import(pathToFileURL(join(bundles.get(name) ?? '', 'index.mjs')).href)) as Record<string, unknown>;

type Handler = (event: unknown, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;

/** GET `path` as API Gateway hands it to the function. */
const get = (handler: unknown, functionName: string, path: string) =>
  (handler as Handler)(
    {
      version: '2.0',
      routeKey: `GET ${path}`,
      rawPath: path,
      rawQueryString: '',
      headers: {},
      isBase64Encoded: false,
      requestContext: { http: { method: 'GET', path }, requestId: 'bundle-test', routeKey: `GET ${path}` },
    },
    {
      awsRequestId: 'bundle-test',
      functionName,
      functionVersion: '$LATEST',
      memoryLimitInMB: '512',
      invokedFunctionArn: `arn:aws:lambda:eu-west-1:123456789012:function:${functionName}`,
      getRemainingTimeInMillis: () => 3000,
    },
  );

describe('a bundled function', () => {
  it('is minified ESM with its source map and nothing else', () => {
    for (const dir of bundles.values()) {
      expect(readdirSync(dir).sort()).toEqual(['index.mjs', 'index.mjs.map']);
      expect(statSync(join(dir, 'index.mjs')).size).toBeGreaterThan(0);
    }
  });

  it('loads in Node and answers: GET /health', async () => {
    const result = await get((await load('health')).handler, 'health', '/health');
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(String(result.body))).toEqual({ status: 'ok' });
  });

  it('GET /openapi.json serves the checked-in document, and its bundle holds no other handler', async () => {
    const result = await get((await load('openapi')).openApiHandler, 'openapi', '/openapi.json');
    const checkedIn = readFileSync(join(ROOT, 'web/src/lib/api/openapi.json'), 'utf8');
    expect(JSON.parse(String(result.body))).toEqual(JSON.parse(checkedIn));
    // The source map names every file of the bundle, even without their contents.
    const map = JSON.parse(readFileSync(join(bundles.get('openapi')!, 'index.mjs.map'), 'utf8'));
    // Only the project's own functions/ folder: packages have folders of that name too (semver).
    const handlers = (map as { sources: string[] }).sources.filter((source) =>
      /^(\.\.\/)+functions\/(?!http\/openapi(-document)?\.ts|declare\.ts)/.test(source),
    );
    expect(handlers).toEqual([]);
  });
});
