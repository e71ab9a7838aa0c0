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

/**
 * Every DynamoDB Local JVM of the run runs with C1, the quick JIT compiler, only: the shared one
 * started below, and the ones the restart and loopback tests start themselves, in processes that
 * inherit this environment. C2's compilations cost more CPU than they saved over a test run's
 * requests: on a fixed mix of puts, gets, queries, conditional updates and transactions (issue 20),
 * Java took 7.0 CPU-s instead of 14.8 for ~4,000 requests, and 19.5 instead of 32.2 for ~16,500,
 * its start included. The same DynamoDB Local, compiled differently; `npm start` and `npm run bench`
 * keep Java's default.
 */
const QUICK_JIT = '-XX:TieredStopAtLevel=1';

export default async function setup(project: TestProject) {
  if (!process.env.JAVA_TOOL_OPTIONS?.includes(QUICK_JIT)) {
    process.env.JAVA_TOOL_OPTIONS = [process.env.JAVA_TOOL_OPTIONS, QUICK_JIT].filter(Boolean).join(' ');
  }
  const starting = startDynamoDbLocal();
  project.provide('workflowDefinition', loadDefinition());
  const dynamo = await starting;
  project.provide('dynamodbEndpoint', dynamo.endpoint);
  return () => dynamo.stop();
}
