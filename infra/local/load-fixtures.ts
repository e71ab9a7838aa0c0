// `npm run fixtures -- <file.json>`: validates a fixtures file whole, then writes it to a table,
// local or in AWS. Nothing connects before the file is known to be good.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createDynamoClients } from '../../shared/adapters/dynamo/client';
import { createTable } from '../../shared/adapters/dynamo/table';
import { loadFixtures, parseFixtures } from '../../shared/adapters/fixtures';
import { readConfig } from '../../shared/config';

const HELP = `Usage: npm run fixtures -- <file.json> [--endpoint <url> | --aws] [--table <name>]

Validates the whole fixtures file (format: API.md, "Fixtures"), then writes its accounts, invoices,
services and "my services" rows with BatchWriteItem. A bad file writes nothing and exits with 1.
Loading a file again overwrites the same items.

Where it writes, first match wins:
  --endpoint <url>     that DynamoDB endpoint (dummy credentials)
  --aws                AWS itself, with the usual credential chain and AWS_REGION
  DYNAMODB_ENDPOINT    that endpoint, as for --endpoint
  AWS credentials in the environment (AWS_PROFILE, AWS_ACCESS_KEY_ID, a web identity or container
  credentials)         AWS itself
  otherwise            DynamoDB Local of \`npm start\`: http://127.0.0.1:\${DYNAMODB_PORT:-8000}

The table is --table, else TABLE_NAME, else service-contacts. On an endpoint (DynamoDB Local) a
missing table is created; in AWS the table must exist (the CDK stack makes it).`;

const CREDENTIAL_VARIABLES = [
  'AWS_PROFILE',
  'AWS_ACCESS_KEY_ID',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
];

function chooseEndpoint(
  flags: { endpoint?: string; aws?: boolean },
  configured?: string,
): string | undefined {
  if (flags.endpoint) return flags.endpoint;
  if (flags.aws) return undefined;
  if (configured) return configured;
  if (CREDENTIAL_VARIABLES.some((name) => process.env[name])) return undefined;
  return `http://127.0.0.1:${process.env.DYNAMODB_PORT ?? 8000}`;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      endpoint: { type: 'string' },
      aws: { type: 'boolean' },
      table: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0 || (values.endpoint && values.aws))
    throw new Error(`Bad arguments.\n\n${HELP}`);

  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read ${file} as JSON: ${(error as Error).message}`);
  }
  const fixtures = parseFixtures(data);

  const config = readConfig();
  const endpoint = chooseEndpoint(values, config.DYNAMODB_ENDPOINT);
  const tableName = values.table ?? config.TABLE_NAME;
  const where = `table ${tableName} ${endpoint ? `at ${endpoint}` : `in AWS (${config.AWS_REGION})`}`;
  const { client, doc } = createDynamoClients({ region: config.AWS_REGION, endpoint });
  try {
    if (endpoint) await createTable(client, tableName);
    const counts = await loadFixtures(doc, tableName, fixtures);
    console.log(
      `Wrote ${counts.accounts} accounts, ${counts.invoices} invoices, ${counts.services} services ` +
        `and ${counts.memberships} "my services" rows to ${where}.`,
    );
  } catch (error) {
    const reason = (error as Error).message || (error as Error).name;
    throw new Error(`Writing to ${where} failed: ${reason}`);
  } finally {
    client.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
