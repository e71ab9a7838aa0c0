// The one DynamoDB table, built from TABLE_SCHEMA: the same keys and indexes DynamoDB Local gets, so
// the local runs and AWS cannot drift. Kept on stack deletion: contacts are the customers' data.
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TTL_ATTRIBUTE } from '../../shared/adapters/dynamo/entities/idempotency';
import { TABLE_SCHEMA } from '../../shared/adapters/dynamo/table';

const key = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });

export interface ContactsDataProps {
  /**
   * A table made outside the stack, used instead of the stack's own: a point-in-time restore is a new
   * table (docs/operations.md). The stack then neither creates nor changes a table; its own, retained,
   * leaves the stack untouched.
   */
  existingTableName?: string;
}

export class ContactsData extends Construct {
  readonly table: dynamodb.ITableV2;

  constructor(scope: Construct, id: string, props: ContactsDataProps = {}) {
    super(scope, id);

    if (props.existingTableName) {
      this.table = dynamodb.TableV2.fromTableName(this, 'Table', props.existingTableName);
      return;
    }
    this.table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: key(TABLE_SCHEMA.partitionKey),
      sortKey: key(TABLE_SCHEMA.sortKey),
      billing: dynamodb.Billing.onDemand(),
      // Projections as shared/adapters/dynamo/table.ts says: ALL, or (the sweep's) no secrets.
      globalSecondaryIndexes: TABLE_SCHEMA.indexes.map((index) =>
        'nonKeyAttributes' in index
          ? {
              indexName: index.indexName,
              partitionKey: key(index.partitionKey),
              sortKey: key(index.sortKey),
              projectionType: dynamodb.ProjectionType.INCLUDE,
              nonKeyAttributes: [...index.nonKeyAttributes],
            }
          : {
              indexName: index.indexName,
              partitionKey: key(index.partitionKey),
              sortKey: key(index.sortKey),
              projectionType: dynamodb.ProjectionType.ALL,
            },
      ),
      timeToLiveAttribute: TTL_ATTRIBUTE,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      // The AWS-owned key costs nothing; the AWS-managed aws/dynamodb key shows its use in CloudTrail,
      // also at no monthly fee (a customer key would add $1/month and a key policy to keep).
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /** The ARN of one index, for permissions that name exactly the indexes a function queries. */
  indexArn(indexName: string): string {
    return `${this.table.tableArn}/index/${indexName}`;
  }
}
