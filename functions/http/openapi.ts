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

import type { HttpRouteEntry } from './routes';

/** `list-services` → `listServices`: the function's name is already unique per route. */
const operationId = (name: string) => name.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());

/** The published document: every deployed route, as the panel's generated client also reads it. */
export const contractDocument = (routes: readonly HttpRouteEntry[]) =>
  buildOpenApiDocument(
    routes
      .filter((entry) => !entry.localOnly)
      .map((entry) => ({ ...entry.route, operationId: operationId(entry.name) })),
    {
      title: 'Service contacts',
      version: '1',
      description:
        'Who the admin, technical and billing contacts of each service are, and confirmed changes of them.',
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
  );

let document: unknown;

export const openApiHandler = jsonRoute(openApiRoute, async () => {
  // Imported when first asked for: the route table imports this module too.
  const { HTTP_ROUTES } = await import('./routes');
  document ??= contractDocument(HTTP_ROUTES);
  return document;
});
