// What the X-Ray SDK's subsegments told an operator, for the one question its alarms ask ("which call
// was slow?"), at the cost of a clock read per call: an AWS call that takes longer than SLOW_CALL_MS
// is logged as a warning naming the service, the command and its duration (docs/operations.md).
// Lambda's active tracing still records every invocation; the SDK itself is not bundled
// (docs/decisions.md, "Tracing").
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * Every SDK v3 client's middleware stack takes this one middleware; only the commands' input and output
 * types differ between clients, and it reads neither.
 */
type Stack = DynamoDBClient['middlewareStack'];

/** Well under every function's timeout (25–30 s) and far above a healthy call (a few ms to 300 ms). */
export const SLOW_CALL_MS = 1_000;

export function logSlowCalls(
  client: { middlewareStack: unknown },
  warn: (message: string, details: Record<string, unknown>) => void,
  now: () => number = () => performance.now(),
): void {
  (client.middlewareStack as Stack).add(
    (next, context) => async (args) => {
      const started = now();
      try {
        return await next(args);
      } finally {
        const ms = Math.round(now() - started);
        if (ms >= SLOW_CALL_MS)
          warn('Slow AWS call', { client: context.clientName, command: context.commandName, ms });
      }
    },
    { step: 'initialize', name: 'logSlowCalls' },
  );
}
