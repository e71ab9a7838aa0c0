// vitest's global setup for the stack tests, run once before any of their files:
// - one DynamoDB Local for the whole run (a JVM takes seconds to start and hundreds of MB), shared by
//   every file through `inject('dynamodbEndpoint')`; each file makes its own uniquely named tables in
//   it (test/support/servers.ts). It listens on 127.0.0.1 only, as `npm start`'s does
//   (infra/local/dynamodb-local.ts), and stops after the run;
// - the state machine's definition, synthesised once (CDK takes a second or two) while Java starts,
//   and handed to each file's process (test/support/stack-setup.ts).
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local';
import { loadDefinition } from '../../infra/local/workflow-definition';

export default async function setup(project: TestProject) {
  const starting = startDynamoDbLocal();
  project.provide('workflowDefinition', loadDefinition());
  const dynamo = await starting;
  project.provide('dynamodbEndpoint', dynamo.endpoint);
  return () => dynamo.stop();
}
