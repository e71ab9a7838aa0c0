// Public on-demand prices of one region, as read on the date below from the sources named, for the
// cost bench (bench/cost.ts). Free tiers are left out: the cost of a change is what it costs past them.
// Check the sources again before quoting a figure; AWS changes prices (DynamoDB's on demand halved in
// November 2024).

export const PRICE_TABLE = {
  region: 'us-east-1 (N. Virginia)',
  readOn: '2026-12-01',
  /** USD per unit; `source` is where the price was read. */
  items: {
    stateTransition: {
      usd: 0.025 / 1000,
      unit: 'Step Functions Standard state transition (retries count)',
      source: 'https://aws.amazon.com/step-functions/pricing/',
    },
    lambdaRequest: {
      usd: 0.2 / 1_000_000,
      unit: 'Lambda request',
      source: 'https://aws.amazon.com/lambda/pricing/',
    },
    lambdaArmGbSecond: {
      usd: 0.0000133334,
      unit: 'Lambda GB-second, Arm (first tier); duration rounded up to 1 ms',
      source: 'https://aws.amazon.com/lambda/pricing/',
    },
    dynamoWriteRequestUnit: {
      usd: 0.625 / 1_000_000,
      unit: 'DynamoDB on-demand write request unit (after the Nov 2024 reduction)',
      source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/ (as quoted by airbyte.com, July 2025)',
    },
    dynamoReadRequestUnit: {
      usd: 0.125 / 1_000_000,
      unit: 'DynamoDB on-demand read request unit',
      source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/ (as quoted by airbyte.com, July 2025)',
    },
    sesEmail: {
      usd: 0.1 / 1000,
      unit: 'SES outbound email (per recipient)',
      source: 'https://aws.amazon.com/ses/pricing/',
    },
    httpApiRequest: {
      usd: 1.0 / 1_000_000,
      unit: 'API Gateway HTTP API request (first 300 million a month)',
      source: 'https://aws.amazon.com/api-gateway/pricing/',
    },
    logsIngestedGb: {
      usd: 0.5,
      unit: 'CloudWatch Logs GB ingested (standard; vended Step Functions logs start at the same)',
      source: 'https://aws.amazon.com/cloudwatch/pricing/',
    },
    xrayTrace: {
      usd: 5.0 / 1_000_000,
      unit: 'X-Ray trace recorded',
      source: 'https://aws.amazon.com/xray/pricing/',
    },
  },
} as const;

export type PriceItem = keyof typeof PRICE_TABLE.items;
