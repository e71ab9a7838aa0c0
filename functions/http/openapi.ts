// GET /openapi.json: the contract, generated from the same route specs and zod schemas the
// handlers validate with.
import { jsonRoute } from '../../shared/http/middleware';
import { buildOpenApiDocument, defineRoute } from '../../shared/http/openapi';

export const openApiRoute = defineRoute({
  method: 'GET',
  path: '/openapi.json',
  auth: false,
  summary: 'The OpenAPI 3.1 document of this API',
  tags: ['operations'],
  responses: { 200: { description: 'The OpenAPI document.' } },
});

let document: unknown;

export const openApiHandler = jsonRoute(openApiRoute, async () => {
  // Imported when first asked for: the route table imports this module too.
  const { HTTP_ROUTES } = await import('./routes');
  document ??= buildOpenApiDocument(
    HTTP_ROUTES.filter((entry) => !entry.localOnly).map((entry) => entry.route),
    {
      title: 'Service contacts',
      version: '1',
      description:
        'Who the admin, technical and billing contacts of each service are, and confirmed changes of them.',
    },
  );
  return document;
});
