// A process that starts DynamoDB Local, prints its port and waits: the loopback test kills it
// without stop() to check that nothing it started outlives it.
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local';

const local = await startDynamoDbLocal();
console.log(`port ${local.port}`);
setInterval(() => {}, 60_000);
