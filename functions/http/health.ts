// GET /health: liveness only. It touches no dependency, so it says the function runs, not that
// DynamoDB or SES are reachable. A constant route, and its answer's shape is written as JSON Schema,
// so that this function bundles neither zod nor the route stack (≤ 50 KB, infra/bundle-budgets.ts).
import { constantRoute } from '../../shared/http/constant-route';
import { defineRoute } from '../../shared/http/route-spec';
import { declareRoute } from '../declare';

const healthSchema = {
  id: 'Health',
  jsonSchema: {
    type: 'object',
    properties: { status: { type: 'string', const: 'ok' } },
    required: ['status'],
    additionalProperties: false,
  },
};

export const route = defineRoute({
  method: 'GET',
  path: '/health',
  auth: false,
  summary: 'Liveness',
  tags: ['operations'],
  responses: { 200: { description: 'The API answers.', schema: healthSchema } },
});

export const handler = constantRoute(route, { status: 'ok' });

export const healthFunction = declareRoute({ name: 'health', route, handler, needs: {} });
