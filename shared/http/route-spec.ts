// What a route declares (RouteSpec), apart from the OpenAPI generator (openapi.ts) that reads it: a
// handler imports only this, and zod only through the schemas it names, so that a route without
// inputs (health, the OpenAPI document) bundles no zod at all.
import type { MiddyfiedHandler } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type * as z from '../zod';
import type { ErrorCode } from '../domain/errors';

export type ApiEvent = APIGatewayProxyEventV2;
export type ApiResult = APIGatewayProxyStructuredResultV2;
export type RouteHandler = MiddyfiedHandler<ApiEvent, ApiResult>;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Path, query and header inputs are flat objects of named parameters. */
export type ParamsSchema = z.ZodMiniObject;

/**
 * An answer's shape written as JSON Schema, for a route whose bundle must carry no zod (health): it
 * becomes the document's component `id`, as a zod schema's `.meta({ id })` does.
 */
export interface JsonSchemaComponent {
  id: string;
  jsonSchema: Readonly<Record<string, unknown>>;
}

/**
 * An answer's zod schema, built on first call. Only the OpenAPI document reads answers' schemas
 * (handlers never parse what they send), so a function's module init must not pay for building them:
 * they were most of its init (docs/performance.md, "Bundles").
 */
export type AnswerSchema = () => z.ZodMiniType;

/** `export const accountSchema = answerSchema(() => z.object({ … }))`: built once, when first asked for. */
export function answerSchema<T extends z.ZodMiniType>(build: () => T): () => T {
  let built: T | undefined;
  return () => (built ??= build());
}

/**
 * A route input's schema: a schema, or one built once, on the first request that reads it
 * (`inputSchema(() => z.object({ … }))`), so that a function builds its own route's inputs and none
 * of the other routes' that share their module (shared/http/api-schemas.ts).
 */
export type Input<T extends z.ZodMiniType> = T | (() => T);
export const inputSchema: <T extends z.ZodMiniType>(build: () => T) => () => T = answerSchema;
export const inputOf = <T extends z.ZodMiniType>(schema: Input<T> | undefined): T | undefined =>
  typeof schema === 'function' ? schema() : schema;

export interface ResponseSpec {
  description: string;
  schema?: AnswerSchema | JsonSchemaComponent;
  /** Defaults to application/json; `text/html` for pages. */
  contentType?: string;
}

export interface RouteSpec {
  method: HttpMethod;
  /** API Gateway's path template, which is also OpenAPI's: `/services/{serviceId}`. */
  path: string;
  /** Whether the JWT authorizer guards the route; the caller is then the token's `nic`. */
  auth: boolean;
  summary: string;
  /** Unique per operation, for client generators; routes.ts derives it from the function's name. */
  operationId?: string;
  description?: string;
  tags?: readonly string[];
  /** `json` routes speak JSON both ways; `html` routes take forms and answer with pages. */
  format?: 'json' | 'html';
  params?: Input<ParamsSchema>;
  query?: Input<ParamsSchema>;
  headers?: Input<ParamsSchema>;
  body?: Input<z.ZodMiniType>;
  /** Success answers by status. Error answers come from `errors` and the route's inputs. */
  responses: Readonly<Record<number, ResponseSpec>>;
  /** The domain codes this route may answer with; documented as problem responses. */
  errors?: readonly ErrorCode[];
}

/** Declares a route; keeps the literal types (`auth: true`, the schemas) for jsonRoute/htmlRoute. */
export const defineRoute = <const S extends RouteSpec>(spec: S): S => spec;

export const isJsonSchemaComponent = (
  schema: z.ZodMiniType | AnswerSchema | JsonSchemaComponent,
): schema is JsonSchemaComponent => 'jsonSchema' in schema;

/** What jsonRoute/htmlRoute/constantRoute read of a route; a full RouteSpec from defineRoute fits. */
export type RouteInputSpec = Pick<RouteSpec, 'auth' | 'params' | 'query' | 'headers' | 'body'>;

/** The spec each route handler parses its inputs with: declareRoute holds it to the one it declares. */
const PARSED_WITH = new WeakMap<RouteHandler, RouteInputSpec>();
export const parsedWith = (handler: RouteHandler): RouteInputSpec | undefined => PARSED_WITH.get(handler);
export const recordParsedWith = (handler: RouteHandler, route: RouteInputSpec): void => {
  PARSED_WITH.set(handler, route);
};
