// The two builds of web/: the local sign-in page (and its /_local/ routes) exists only in the one
// npm start serves; the AWS build signs in with oidc-client-ts and never contains it.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { afterAll, expect, it } from 'vitest';

const WEB = resolve(import.meta.dirname, '../../web');
const made: string[] = [];
afterAll(() => Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true }))));

async function javascriptOf(mode: 'one-machine' | 'aws'): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), `panel-${mode}-`));
  made.push(outDir);
  await build({ configFile: join(WEB, 'vite.config.ts'), mode, logLevel: 'error', build: { outDir } });
  const files = (await readdir(join(outDir, 'assets'))).filter((file) => file.endsWith('.js'));
  return (await Promise.all(files.map((file) => readFile(join(outDir, 'assets', file), 'utf8')))).join('\n');
}

it('the AWS build has no local sign-in; the local build has no OIDC client', async () => {
  const [local, aws] = [await javascriptOf('one-machine'), await javascriptOf('aws')];
  expect(local).toContain('/_local/token');
  expect(local).toContain('/_local/accounts');
  expect(local).not.toContain('signinRedirect');
  expect(aws).not.toContain('/_local/');
  expect(aws).toContain('signinRedirect');
});
