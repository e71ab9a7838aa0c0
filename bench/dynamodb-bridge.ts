// `npx tsx bench/dynamodb-bridge.ts [calls]`: what the loopback bridge of DynamoDB Local costs. Two
// DynamoDB Locals in one run, one in its network namespace behind the bridge (infra/local/dynamodb-local.ts),
// one listening directly as Java does; the same GetItem is sent to each, one call at a time, in
// alternating rounds so that load on the machine falls on both alike. Prints the figures.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { startDynamoDbLocal, type DynamoDbLocal } from '../infra/local/dynamodb-local';
import { createDynamoClients } from '../shared/adapters/dynamo/client';
import { createTable } from '../shared/adapters/dynamo/table';
import { median, quantile } from './measure';

const calls = Number(process.argv[2] ?? 1000);
const rounds = 10;
const TableName = 'bridge-bench';
const Key = { pk: 'account#aa123456-ovh', sk: 'profile' };

async function target(local: DynamoDbLocal) {
  const { client, doc } = createDynamoClients({ region: 'eu-west-1', endpoint: local.endpoint });
  await createTable(client, TableName);
  await doc.send(
    new PutCommand({ TableName, Item: { ...Key, name: 'Aino Aalto', email: 'aino@example.com' } }),
  );
  const times: number[] = [];
  return {
    times,
    async run(n: number, record = true) {
      for (let i = 0; i < n; i++) {
        const began = performance.now();
        await doc.send(new GetCommand({ TableName, Key }));
        if (record) times.push(performance.now() - began);
      }
    },
    destroy: () => client.destroy(),
  };
}

const us = (ms: number) => `${Math.round(ms * 1000)} µs`;

async function main() {
  const bridged = await startDynamoDbLocal();
  if (!bridged.loopbackOnly) throw new Error('No network namespace on this machine: nothing to compare.');
  const direct = await startDynamoDbLocal({
    cannotIsolate: () => 'the direct side of the bench',
    warn: () => {},
  });
  try {
    const sides = { bridged: await target(bridged), direct: await target(direct) };
    for (const side of Object.values(sides)) await side.run(300, false); // JIT and connections warm
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 ? [sides.direct, sides.bridged] : [sides.bridged, sides.direct];
      for (const side of order) await side.run(calls / rounds);
    }
    console.log(
      `GetItem, ${calls} calls each, one at a time (kept-alive connection), ${rounds} alternating rounds`,
    );
    for (const [name, side] of Object.entries(sides)) {
      const mean = side.times.reduce((a, b) => a + b, 0) / side.times.length;
      console.log(
        `  ${name.padEnd(8)} median ${us(median(side.times))}  p99 ${us(quantile(side.times, 0.99))}  mean ${us(mean)}`,
      );
    }
    const added = median(sides.bridged.times) - median(sides.direct.times);
    console.log(`  the bridge adds ${us(added)} per call at the median`);
    for (const side of Object.values(sides)) side.destroy();
  } finally {
    await bridged.stop();
    await direct.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
