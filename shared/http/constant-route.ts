// A route that answers the same JSON to everyone (GET /health, GET /openapi.json): no input to
// validate, no caller, nothing to fail, log or count. So it gets the API's headers and nothing else of
// the route stack (middleware.ts), whose zod, logger and metrics would make these functions several
// times heavier and slower to start than what they answer (docs/decisions.md, "Bundles").
import middy from '@middy/core';
import { apiHeaders } from './headers';
import { recordParsedWith, type ApiEvent, type ApiResult, type RouteHandler } from './route-spec';

/** What a constant route may declare of its inputs: none. */
export interface ConstantRouteSpec {
  auth: false;
  params?: never;
  query?: never;
  headers?: never;
  body?: never;
}

/** `export const handler = constantRoute(route, { status: 'ok' })`: 200 with `body` as JSON. */
export const constantRoute = (route: ConstantRouteSpec, body: unknown): RouteHandler =>
  // Serialised once per container: the answer never changes.
  constantJsonRoute(route, JSON.stringify(body));

/** 200 with `json`, a JSON text as it is to be sent (the OpenAPI document, inflated once). */
export function constantJsonRoute(route: ConstantRouteSpec, json: string): RouteHandler {
  const handler = middy<ApiEvent, ApiResult>()
    .use(apiHeaders)
    .handler(async () => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: json }));
  recordParsedWith(handler, route);
  return handler;
}
