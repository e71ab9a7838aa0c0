// The one trace of an AWS call's duration that the bundles keep (shared/adapters/slow-calls.ts): a
// real SDK client whose send is answered (or failed) by a last middleware instead of the network, and
// a clock the test sets, so that "slow" never depends on this machine's speed.
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { logSlowCalls, SLOW_CALL_MS } from '../../shared/adapters/slow-calls';

function clientTaking(ms: number, failing = false) {
  const client = new DynamoDBClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const warnings: { message: string; details: Record<string, unknown> }[] = [];
  const times = [0, ms];
  logSlowCalls(
    client,
    (message, details) => warnings.push({ message, details }),
    () => times.shift()!,
  );
  // Stands in for the network: the call ends here, after our middleware has started its clock.
  client.middlewareStack.add(
    () => async () => {
      if (failing) throw new Error('throttled');
      return { output: { $metadata: {} }, response: {} };
    },
    { step: 'build', name: 'answerWithoutNetwork' },
  );
  return { client, warnings };
}

const get = new GetItemCommand({ TableName: 't', Key: { pk: { S: 'x' } } });

describe('slow AWS calls', () => {
  it('are logged with the client, the command and the duration', async () => {
    const { client, warnings } = clientTaking(SLOW_CALL_MS + 500);
    await client.send(get);
    expect(warnings).toEqual([
      {
        message: 'Slow AWS call',
        details: { client: 'DynamoDBClient', command: 'GetItemCommand', ms: SLOW_CALL_MS + 500 },
      },
    ]);
  });

  it('are logged when they fail too, and the failure still reaches the caller', async () => {
    const { client, warnings } = clientTaking(SLOW_CALL_MS, true);
    await expect(client.send(get)).rejects.toThrow('throttled');
    expect(warnings.map((w) => w.details.ms)).toEqual([SLOW_CALL_MS]);
  });

  it('leave a call under the threshold unlogged', async () => {
    const { client, warnings } = clientTaking(SLOW_CALL_MS - 1);
    await client.send(get);
    expect(warnings).toEqual([]);
  });
});
