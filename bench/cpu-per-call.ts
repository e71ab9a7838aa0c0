// CPU of this process per call, for the scripts that split a request's CPU without HTTP
// (bench/split-load.ts, bench/reader-ab.ts, bench/load-layers.ts): several callers in this process,
// back to back, so that the calls overlap as a loaded Lambda's neighbours' would.

export interface CallRate {
  callsPerSecond: number;
  /** CPU µs of this process per call. */
  cpuUsPerCall: number;
}

/** `callers` callers each calling `call` back to back for `seconds`: calls a second, and their CPU. */
export async function callRate(
  call: () => Promise<unknown>,
  { seconds, callers = 10 }: { seconds: number; callers?: number },
): Promise<CallRate> {
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let calls = 0;
  const before = process.cpuUsage();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < deadline) {
        await call();
        calls++;
      }
    }),
  );
  const { user, system } = process.cpuUsage(before);
  return {
    callsPerSecond: calls / ((performance.now() - started) / 1000),
    cpuUsPerCall: (user + system) / calls,
  };
}

/** CPU µs of this process per call, `callers` callers each calling `call` back to back for `seconds`. */
export const cpuPerCall = async (
  call: () => Promise<unknown>,
  options: { seconds: number; callers?: number },
): Promise<number> => (await callRate(call, options)).cpuUsPerCall;
