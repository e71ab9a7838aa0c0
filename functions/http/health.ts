// GET /health: liveness only. It touches no dependency, so it says the function runs, not that
// DynamoDB or SES are reachable.
import * as z from 'zod';
import { declareRoute } from '../declare';
import { jsonRoute } from '../../shared/http/middleware';
import { defineRoute } from '../../shared/http/openapi';

const healthSchema = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });

export const route = defineRoute({
  method: 'GET',
  path: '/health',
  auth: false,
  summary: 'Liveness',
  tags: ['operations'],
  responses: { 200: { description: 'The API answers.', schema: healthSchema } },
});

export const handler = jsonRoute(route, async () => ({ status: 'ok' }));

export const healthFunction = declareRoute({ name: 'health', route, handler, needs: {} });
