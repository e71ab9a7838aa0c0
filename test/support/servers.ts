// The servers one test run shares: vitest's global setup (test/support/global-setup.ts) starts one
// DynamoDB Local for every stack test file, and each file works in tables of its own, named uniquely,
// dropped when the file is done. Outside such a run (a file run by a tool without the global setup)
// the helpers start their own DynamoDB Local, as before.
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import type { LoadedDefinition } from '../../infra/local/workflow-definition';
import { createDynamoClients } from '../../shared/adapters/dynamo/client';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's DynamoDB Local (127.0.0.1), when the global setup started one. */
    dynamodbEndpoint?: string;
    /** The state machine's definition, synthesised once for the run. */
    workflowDefinition?: LoadedDefinition;
    /** The CDK stack's template with the default context, synthesised once for the run (test/infra/synth.ts). */
    defaultTemplate?: Record<string, unknown>;
  }
}

/** The endpoint of the run's DynamoDB Local, or undefined when this run has none. */
export function sharedDynamoDb(): string | undefined {
  return inject('dynamodbEndpoint') || undefined;
}

/** Drops a file's table from the shared DynamoDB Local, freeing its memory for the files after it. */
export async function dropTable(endpoint: string, tableName: string): Promise<void> {
  const { client } = createDynamoClients({ region: 'eu-west-1', endpoint });
  try {
    await client.send(new DeleteTableCommand({ TableName: tableName }));
  } finally {
    client.destroy();
  }
}
