// The DynamoDB clients, built once per process. Locally (DYNAMODB_ENDPOINT set) DynamoDB Local
// accepts any credentials, so fixed dummy ones spare the developer an AWS profile.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { readConfig, type Config } from '../../config';

export interface DynamoClients {
  /** For table management (CreateTable); items go through `doc`. */
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
}

export function createDynamoClients(settings: {
  region: string;
  endpoint?: string | undefined;
}): DynamoClients {
  const client = new DynamoDBClient({
    region: settings.region,
    ...(settings.endpoint && {
      endpoint: settings.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  });
  // removeUndefinedValues: optional fields of the model (at, codeHash…) are simply left out of items.
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return { client, doc };
}

let fromConfig: DynamoClients | undefined;

/** The clients of this process, from the validated configuration; Lambda handlers share them across invocations. */
export function dynamoClients(config: Config = readConfig()): DynamoClients {
  fromConfig ??= createDynamoClients({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT });
  return fromConfig;
}
