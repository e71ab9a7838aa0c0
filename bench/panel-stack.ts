// The local stack for the panel's bench: one account holding 2,000 services, and the browser settings.
import { loadFixtures, parseFixtures } from '../shared/adapters/fixtures';
import { createDynamoClients } from '../shared/adapters/dynamo/client';
import { startLocalStack, type LocalStack } from '../infra/local/stack';
import { ensurePanelBuilt } from '../infra/local/build-panel';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
export const SERVICES = 2_000;
export const OWNER = 'pa100001-ovh';

export async function stackWithServices(): Promise<LocalStack> {
  await ensurePanelBuilt();
  const stack = await startLocalStack({ fixtures: null, sweepIntervalSeconds: 0 });
  const { doc } = createDynamoClients({ region: 'eu-west-1', endpoint: stack.dynamodbEndpoint });
  const others = ['pb100002-ovh', 'pc100003-ovh'];
  await loadFixtures(
    doc,
    stack.tableName,
    parseFixtures({
      accounts: [OWNER, ...others].map((nic, i) => ({
        nic,
        email: `${nic}@example.com`,
        name: `Panel Bench ${i}`,
        language: 'en',
        unpaidInvoices: 0,
      })),
      services: Array.from({ length: SERVICES }, (_, i) => ({
        serviceId: `svc${String(i).padStart(5, '0')}.example`,
        name: `svc${String(i).padStart(5, '0')}.example`,
        type: (['domain', 'server', 'hosting'] as const)[i % 3],
        contacts: { admin: OWNER, tech: others[i % 2]!, billing: i % 5 ? OWNER : others[0]! },
      })),
    }),
  );
  doc.destroy();
  return stack;
}
