// The bundling every function gets, for real (esbuild, no Docker): the ESM output with its
// createRequire banner loads in Node and answers. The other infra tests skip bundling for speed.
import { mkdtempSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
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

describe('a bundled function', () => {
  it('is minified ESM with its source map and nothing else', () => {
    for (const dir of bundles.values()) {
      expect(readdirSync(dir).sort()).toEqual(['index.mjs', 'index.mjs.map']);
      expect(statSync(join(dir, 'index.mjs')).size).toBeGreaterThan(0);
    }
  });

  it('loads in Node and answers: GET /health', async () => {
    const { handler } = await load('health');
    const event = {
      version: '2.0',
      routeKey: 'GET /health',
      rawPath: '/health',
      rawQueryString: '',
      headers: {},
      isBase64Encoded: false,
      requestContext: {
        http: { method: 'GET', path: '/health' },
        requestId: 'bundle-test',
        routeKey: 'GET /health',
      },
    };
    const context = {
      awsRequestId: 'bundle-test',
      functionName: 'health',
      functionVersion: '$LATEST',
      memoryLimitInMB: '512',
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:health',
      getRemainingTimeInMillis: () => 3000,
    };
    const result = await (handler as (e: unknown, c: unknown) => Promise<APIGatewayProxyStructuredResultV2>)(
      event,
      context,
    );
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(String(result.body))).toEqual({ status: 'ok' });
  });
});
