// The local server serves the built panel as CloudFront does in AWS: `/` redirects, files are
// files, a screen's path (a deep link) is index.html, a missing asset is a 404, and nothing
// outside the build folder can be read.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHttpServer, type LocalServer } from '../../infra/local/http-server';

let dir: string;
let server: LocalServer;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'panel-'));
  await mkdir(join(dir, 'build', 'assets'), { recursive: true });
  await writeFile(join(dir, 'build', 'index.html'), '<!doctype html><title>panel</title>');
  await writeFile(join(dir, 'build', 'assets', 'app-1234.js'), 'console.log(1)');
  await writeFile(join(dir, 'secret.txt'), 'outside the build');
  server = await startHttpServer({ routes: [], verifyToken: async () => null, panelDir: join(dir, 'build') });
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

const get = (path: string) => fetch(`${server.url}${path}`, { redirect: 'manual' });

it('GET / and /panel redirect to /panel/', async () => {
  for (const path of ['/', '/panel']) {
    const answer = await get(path);
    expect(answer.status).toBe(302);
    expect(answer.headers.get('location')).toBe('/panel/');
  }
});

it('a screen path is index.html, with a CSP that allows no inline script and no framing', async () => {
  for (const path of [
    '/panel/',
    '/panel/requests/6f1d2c3b-4a59-4e8f-9d7c-1b2a3c4d5e6f?code=X',
    '/panel/profile',
  ]) {
    const answer = await get(path);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('<title>panel</title>');
    expect(answer.headers.get('cache-control')).toBe('no-cache');
    const csp = answer.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
  }
});

it('a hashed asset is served with its type and cached for good; a missing one is a 404, not HTML', async () => {
  const asset = await get('/panel/assets/app-1234.js');
  expect(asset.status).toBe(200);
  expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
  expect(asset.headers.get('cache-control')).toContain('immutable');
  expect((await get('/panel/assets/gone.js')).status).toBe(404);
});

it('nothing outside the build folder can be read', async () => {
  for (const path of [
    '/panel/../secret.txt',
    '/panel/%2e%2e/secret.txt',
    '/panel/%2e%2e%2fsecret.txt',
    '/panel/%E0%A4%A',
  ]) {
    const answer = await get(path);
    expect(await answer.text()).not.toContain('outside the build');
  }
});
