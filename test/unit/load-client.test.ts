// The load bench's own client (bench/load-client.ts) against a plain node server on a free port: every
// answer it counts is one the server sent, whatever their lengths, statuses and the ways they arrive
// (one packet, many, a closed connection); what it cannot read is an error, never a request. Counts are
// compared, never times.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runLoad } from '../../bench/load-client';

let server: Server | undefined;

afterEach(async () => {
  if (!server) return;
  server.closeAllConnections();
  await new Promise((resolve) => server!.close(resolve));
  server = undefined;
});

/** A server answering with `answer(n)` for its n-th request (from 0); returns its URL and its count. */
async function serve(answer: (n: number, response: import('node:http').ServerResponse) => void) {
  const seen = { requests: 0, headers: [] as Record<string, unknown>[] };
  server = createServer((request, response) => {
    seen.headers.push(request.headers);
    answer(seen.requests++, response);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/me/services?limit=50`, seen };
}

describe('the load client', () => {
  it('counts every answer the server sent, the non-2xx among them, and sends the headers given', async () => {
    // Bodies from none to 200 KB: a large one arrives in many chunks, and must count once.
    const bodies = ['', 'x', 'y'.repeat(5_000), 'z'.repeat(200_000)];
    const { url, seen } = await serve((n, response) => {
      // Status set, not written with writeHead, so that node frames each body with content-length.
      response.statusCode = n % 5 === 4 ? 404 : n % 7 === 6 ? 204 : 200;
      response.end(response.statusCode === 204 ? undefined : bodies[n % bodies.length]);
    });
    const run = await runLoad({ url, headers: { authorization: 'Bearer t' }, connections: 3, duration: 0.5 });
    expect(run.requests).toBeGreaterThan(0);
    expect(run.requests).toBe(seen.requests);
    const expected404 = Array.from({ length: seen.requests }, (_, n) => n % 5 === 4).filter(Boolean).length;
    expect(run.non2xx).toBe(expected404);
    expect(run.errors).toBe(0);
    expect(seen.headers.every((h) => h.authorization === 'Bearer t' && h.host === new URL(url).host)).toBe(
      true,
    );
    expect(run.p50Ms).toBeLessThanOrEqual(run.p99Ms);
  });

  it('opens a connection again when the server closes one, and counts answers, not connections', async () => {
    const { url, seen } = await serve((n, response) => {
      // Every third answer closes its connection after it is sent; every fifth request is dropped unanswered.
      if (n % 5 === 4) return response.socket?.destroy();
      response.setHeader('connection', n % 3 === 2 ? 'close' : 'keep-alive');
      response.end('ok');
    });
    const run = await runLoad({ url, headers: {}, connections: 2, duration: 0.5 });
    const dropped = Array.from({ length: seen.requests }, (_, n) => n % 5 === 4).filter(Boolean).length;
    expect(dropped).toBeGreaterThan(0);
    expect(run.errors).toBe(dropped);
    expect(run.requests).toBe(seen.requests - dropped);
  });

  it('counts a chunked answer, which it cannot frame, as an error', async () => {
    const { url } = await serve((n, response) => {
      if (n === 0) {
        response.write('part');
        return response.end('rest');
      }
      response.end('ok');
    });
    const run = await runLoad({ url, headers: {}, connections: 1, duration: 0.3 });
    expect(run.errors).toBe(1);
    expect(run.requests).toBeGreaterThan(0);
  });

  it('refuses an https URL, which it does not speak', async () => {
    await expect(
      runLoad({ url: 'https://127.0.0.1:1/', headers: {}, connections: 1, duration: 0.1 }),
    ).rejects.toThrow(/http only/);
  });
});
