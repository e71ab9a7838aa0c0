// Each route is declared once, as a RouteSpec: its handler validates with these schemas and the
// OpenAPI document is generated from the same objects, so the two cannot drift apart.
import * as z from '../zod';
import { ERROR_STATUS } from '../domain/errors';
import { PROBLEM_CONTENT_TYPE } from './problem';
import {
  inputOf,
  isJsonSchemaComponent,
  type AnswerSchema,
  type JsonSchemaComponent,
  type ParamsSchema,
  type RouteSpec,
} from './route-spec';
import { problemSchema } from './schemas';

export {
  answerSchema,
  defineRoute,
  type HttpMethod,
  type ParamsSchema,
  type ResponseSpec,
  type RouteSpec,
} from './route-spec';

type JsonSchema = Record<string, unknown>;

/**
 * Turns zod schemas into OpenAPI 3.1 schemas (JSON Schema 2020-12). Schemas registered with an
 * `id` (see schemas.ts) become components; an input variant that differs from the output one
 * (zod adds `additionalProperties: false` to outputs only) gets its own `…Input` component.
 */
class SchemaConverter {
  readonly components: Record<string, JsonSchema> = {};

  convert(schema: z.ZodMiniType | AnswerSchema | JsonSchemaComponent, io: 'input' | 'output'): JsonSchema {
    if (isJsonSchemaComponent(schema)) {
      this.components[schema.id] = { ...schema.jsonSchema };
      return { $ref: `#/components/schemas/${schema.id}` };
    }
    const zod = typeof schema === 'function' ? schema() : schema;
    const { $defs = {}, ...root } = z.toJSONSchema(zod, { io, unrepresentable: 'any' }) as JsonSchema;
    // The document declares its dialect once (OpenAPI 3.1 is JSON Schema 2020-12).
    delete root.$schema;
    const defs = Object.entries($defs as Record<string, JsonSchema>);
    const sameNames = (id: string) => id;
    const names = new Map(defs.map(([id, def]) => [id, this.nameFor(id, io, rewriteRefs(def, sameNames))]));
    const rename = (id: string) => names.get(id) ?? id;
    for (const [id, def] of defs) this.components[rename(id)] = rewriteRefs(def, rename);
    return rewriteRefs(root, rename);
  }

  private nameFor(id: string, io: 'input' | 'output', def: JsonSchema): string {
    const existing = this.components[id];
    if (existing === undefined || JSON.stringify(existing) === JSON.stringify(def)) return id;
    return io === 'input' ? `${id}Input` : `${id}Output`;
  }
}

/** Points zod's local `#/$defs/<id>` references at the document's components. */
function rewriteRefs(node: JsonSchema, rename: (id: string) => string): JsonSchema {
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, child]) =>
        key === '$ref' && typeof child === 'string' && child.startsWith('#/$defs/')
          ? [key, `#/components/schemas/${rename(child.slice('#/$defs/'.length))}`]
          : [key, walk(child)],
      ),
    );
  };
  return walk(node) as JsonSchema;
}

function parameters(converter: SchemaConverter, where: 'path' | 'query' | 'header', schema?: ParamsSchema) {
  if (!schema) return [];
  const object = converter.convert(schema, 'input') as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (object.required ?? []).includes(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
}

/** Every `{name}` of the template is a parameter, described by the params schema if it has one. */
function pathParameters(converter: SchemaConverter, route: RouteSpec) {
  const declared = parameters(converter, 'path', inputOf(route.params));
  const names = [...route.path.matchAll(/\{([^}+]+)\+?\}/g)].map((match) => match[1]);
  const undeclared = names
    .filter((name) => !declared.some((parameter) => parameter.name === name))
    .map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
  return [...declared, ...undeclared];
}

function operation(converter: SchemaConverter, route: RouteSpec) {
  // Pages answer problems with a readable page, everything else with a problem document.
  const problem =
    route.format === 'html'
      ? { 'text/html': { schema: { type: 'string' } } }
      : { [PROBLEM_CONTENT_TYPE]: { schema: converter.convert(problemSchema, 'output') } };
  const responses: Record<string, unknown> = {};
  for (const [status, response] of Object.entries(route.responses)) {
    const contentType = response.contentType ?? 'application/json';
    responses[status] = {
      description: response.description,
      ...(response.schema
        ? { content: { [contentType]: { schema: converter.convert(response.schema, 'output') } } }
        : contentType === 'application/json'
          ? {}
          : { content: { [contentType]: { schema: { type: 'string' } } } }),
    };
  }
  // Problems the stack itself answers with, then the route's own domain codes, grouped by status.
  const codes: string[][] = [];
  const add = (status: number, code: string) => (codes[status] ??= []).push(code);
  if (route.params || route.query || route.headers || route.body) add(400, 'validation_failed');
  if (route.auth) add(401, 'unauthenticated');
  for (const code of route.errors ?? []) add(ERROR_STATUS[code], code);
  add(500, 'internal_error');
  // API Gateway's stage throttling answers any route with a 429 of its own (not a problem document);
  // documented where the route has no other client error, so every operation lists one.
  if (!codes.some((list, status) => list && status >= 400 && status < 500))
    responses['429'] = { description: "Throttled by API Gateway's stage rate limit." };
  codes.forEach((list, status) => {
    if (list)
      responses[status] = { description: `Problem: ${[...new Set(list)].join(', ')}`, content: problem };
  });

  const bodyType = route.format === 'html' ? 'application/x-www-form-urlencoded' : 'application/json';
  const body = inputOf(route.body);
  return {
    ...(route.operationId ? { operationId: route.operationId } : {}),
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    ...(route.tags ? { tags: [...route.tags] } : {}),
    security: route.auth ? [{ bearerAuth: [] }] : [],
    parameters: [
      ...pathParameters(converter, route),
      ...parameters(converter, 'query', inputOf(route.query)),
      ...parameters(converter, 'header', inputOf(route.headers)),
    ],
    ...(body
      ? {
          requestBody: {
            required: !body.safeParse(undefined).success,
            content: { [bodyType]: { schema: converter.convert(body, 'input') } },
          },
        }
      : {}),
    responses,
  };
}

export function buildOpenApiDocument(
  routes: readonly RouteSpec[],
  info: {
    title: string;
    version: string;
    description?: string;
    license?: { name: string; identifier?: string; url?: string };
  } = {
    title: 'Service contacts',
    version: '1',
  },
) {
  const converter = new SchemaConverter();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(converter, route);
  }
  return {
    openapi: '3.1.0',
    info,
    // Relative: the API answers on the origin the document was read from (API Gateway, CloudFront, local).
    servers: [{ url: '/', description: 'The origin that serves this document' }],
    paths,
    components: {
      schemas: converter.components,
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
}
