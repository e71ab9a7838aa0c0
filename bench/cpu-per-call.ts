// CPU of this process per call, for the scripts that split a request's CPU without HTTP
// (bench/split-load.ts, bench/reader-ab.ts): several callers in this process, back to back, so that
// the calls overlap as a loaded Lambda's neighbours' would.

/** CPU µs of this process per call, `callers` callers each calling `call` back to back for `seconds`. */
export async function cpuPerCall(
  call: () => Promise<unknown>,
  { seconds, callers = 10 }: { seconds: number; callers?: number },
): Promise<number> {
  const deadline = performance.now() + seconds * 1000;
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
  return (user + system) / calls;
}
