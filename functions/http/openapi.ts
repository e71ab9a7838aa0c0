// GET /openapi.json: the contract, as `npm run api:generate` wrote it from the routes' declarations
// (contractDocument in routes.ts); test/unit/api-client.test.ts fails when the file is stale. Serving
// the checked-in document, rather than building it here from the route table, keeps every other
// handler out of this function's bundle; a constant route keeps zod and the route stack out too. The
// document comes compressed (openapi-document.ts): as a module it alone would be 49 KB of the bundle.
import { brotliDecompressSync } from 'node:zlib';
import { constantJsonRoute } from '../../shared/http/constant-route';
import { OPENAPI_JSON_BROTLI } from './openapi-document';
import { defineRoute } from '../../shared/http/route-spec';
import { declareRoute } from '../declare';

const openApiRoute = defineRoute({
  method: 'GET',
  path: '/openapi.json',
  auth: false,
  summary: 'The OpenAPI 3.1 document of this API',
  tags: ['operations'],
  responses: { 200: { description: 'The OpenAPI document.' } },
});

export const openApiHandler = constantJsonRoute(
  openApiRoute,
  brotliDecompressSync(Buffer.from(OPENAPI_JSON_BROTLI, 'base64')).toString(),
);

export const openApiFunction = declareRoute({
  name: 'openapi',
  route: openApiRoute,
  handler: openApiHandler,
  needs: {},
});
