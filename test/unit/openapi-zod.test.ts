// The published OpenAPI document (web/src/lib/api/openapi.json) against the zod schemas the handlers
// parse with: every declared route's body, parameters and answers say the same in both, so neither a
// hand edit of the document nor a schema change without `npm run api:generate` goes unseen. Each
// handler parses with the spec it declares (declareRoute refuses anything else), and the samples below
// hold the document to API.md's rules where JSON Schema and zod could disagree (a refine, a pattern).
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import * as z from '../../shared/zod';
import { declareRoute } from '../../functions/declare';
import { HTTP_ROUTES, type HttpRoute } from '../../functions/http/routes';
import { jsonRoute } from '../../shared/http/middleware';
import { defineRoute } from '../../shared/http/openapi';
import { inputOf, isJsonSchemaComponent } from '../../shared/http/route-spec';
import { handler as healthHandler } from '../../functions/http/health';
import published from '../../web/src/lib/api/openapi.json' with { type: 'json' };

type JsonSchema = Record<string, unknown>;
interface Parameter {
  name: string;
  in: string;
  required: boolean;
  schema: JsonSchema;
}
interface Operation {
  parameters: Parameter[];
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }>;
}

const document = published as unknown as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema> };
};
const deployed = HTTP_ROUTES.filter((entry) => !entry.localOnly);

/** The schema with every `$ref` replaced by what it names: two schemas that say the same compare equal. */
function inline(node: unknown, resolve: (ref: string) => unknown): unknown {
  if (Array.isArray(node)) return node.map((child) => inline(child, resolve));
  if (node === null || typeof node !== 'object') return node;
  const { $ref, ...rest } = node as JsonSchema;
  // The dialect marker and zod's local definitions are packaging, not what the schema says.
  const own = Object.fromEntries(
    Object.entries(rest)
      .filter(([key]) => key !== '$schema' && key !== '$defs')
      .map(([key, child]) => [key, inline(child, resolve)]),
  );
  return typeof $ref === 'string' ? { ...(inline(resolve($ref), resolve) as JsonSchema), ...own } : own;
}

/** What the document says, its components inlined. */
const documented = (schema: unknown) =>
  inline(schema, (ref) => document.components.schemas[ref.replace('#/components/schemas/', '')]);

/** What zod says of the handler's schema, read the way it is used: inputs as sent, answers as sent back. */
function fromZod(schema: z.ZodMiniType, io: 'input' | 'output') {
  const converted = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  const defs = (converted.$defs ?? {}) as Record<string, unknown>;
  return inline(converted, (ref) => defs[ref.replace('#/$defs/', '')]);
}

const operationOf = ({ route }: HttpRoute) => document.paths[route.path]?.[route.method.toLowerCase()];
const routeName = ({ route }: HttpRoute) => `${route.method} ${route.path}`;

describe.each(deployed.map((entry) => [routeName(entry), entry] as const))('%s', (_name, entry) => {
  const { route } = entry;
  const operation = () => {
    const found = operationOf(entry);
    if (!found) throw new Error(`${routeName(entry)} is not in the document: run npm run api:generate`);
    return found;
  };

  it('takes the body its handler parses', () => {
    const body = operation().requestBody;
    const parsed = inputOf(route.body);
    if (!parsed) return expect(body).toBeUndefined();
    const [schema] = Object.values(body!.content);
    expect(documented(schema!.schema)).toEqual(fromZod(parsed, 'input'));
    expect(body!.required).toBe(!parsed.safeParse(undefined).success);
  });

  it.each(['path', 'query', 'header'] as const)('takes the %s parameters its handler parses', (where) => {
    const schema = inputOf({ path: route.params, query: route.query, header: route.headers }[where]);
    const listed = operation().parameters.filter((parameter) => parameter.in === where);
    const expected = schema
      ? (fromZod(schema, 'input') as { properties: Record<string, unknown>; required?: string[] })
      : { properties: {}, required: [] };
    // A path template's names are parameters even without a schema: strings, as API Gateway passes them.
    const names = where === 'path' ? [...route.path.matchAll(/\{([^}+]+)\+?\}/g)].map((m) => m[1]!) : [];
    for (const name of names) expected.properties[name] ??= { type: 'string' };
    expect(Object.fromEntries(listed.map((p) => [p.name, documented(p.schema)]))).toEqual(
      expected.properties,
    );
    for (const parameter of listed) {
      const required = where === 'path' || (expected.required ?? []).includes(parameter.name);
      expect(parameter.required, parameter.name).toBe(required);
    }
  });

  it('answers with the schemas its declaration names', () => {
    for (const [status, response] of Object.entries(route.responses)) {
      const content = operation().responses[status]?.content;
      if (!response.schema) continue;
      const { schema } = content?.[response.contentType ?? 'application/json'] ?? {};
      // A constant route (health) writes its answer's shape as JSON Schema, to bundle no zod.
      const declared = isJsonSchemaComponent(response.schema)
        ? response.schema.jsonSchema
        : fromZod(response.schema(), 'output');
      expect(documented(schema), `${status}`).toEqual(declared);
    }
  });
});

it('lists no operation that no route declares', () => {
  const declared = deployed.map(routeName).sort();
  const listed = Object.entries(document.paths)
    .flatMap(([path, operations]) => Object.keys(operations).map((m) => `${m.toUpperCase()} ${path}`))
    .sort();
  expect(listed).toEqual(declared);
});

it('refuses a declaration whose handler parses with another spec than the one the document is built from', () => {
  const spec = { method: 'GET', path: '/x', summary: 'x', responses: {} } as const;
  const declared = defineRoute({ ...spec, auth: false, query: z.object({ q: z.string() }) });
  const parsedBy = defineRoute({ ...spec, auth: false });
  const handler = jsonRoute(parsedBy, async () => ({}));
  expect(() => declareRoute({ name: 'x', route: declared, handler, needs: {} })).toThrow(/x: its handler/);
  expect(() => declareRoute({ name: 'x', route: parsedBy, handler, needs: {} })).not.toThrow();
});

// Samples a JSON route's handler and its document must judge alike: API.md's rules, written as values.
// Query strings are left out (the handlers coerce text to numbers), and so are the confirm page's
// forms, which the page reads leniently to answer every problem with a page of its own.
const SAMPLES: Record<string, { valid: unknown[]; invalid: unknown[] }> = {
  'POST /services/{serviceId}/contact-changes': {
    valid: [{ tech: 'bb4321-ovh' }, { admin: ' BB4321-OVH ', billing: 'cc1-ovh' }],
    invalid: [{}, { owner: 'bb4321-ovh' }, { tech: 'bb4321' }, { tech: 'bb4321-ovh', extra: true }],
  },
  'POST /contact-changes/{id}/accept': {
    valid: [{ token: 'ABCD-2345' }],
    invalid: [
      {},
      { token: '' },
      { token: '   ' },
      { token: 'x'.repeat(65) },
      { token: 'a', decision: 'accept' },
    ],
  },
  'POST /contact-changes/{id}/resend': {
    valid: [undefined, {}, { onlyMe: true }],
    invalid: [{ onlyMe: 'yes' }, { onlyMe: true, all: true }],
  },
  'PUT /me/email': {
    valid: [{ email: 'aino@example.fi' }],
    invalid: [{ email: 'aino' }, {}, { email: `${'a'.repeat(250)}@x.fi` }],
  },
  'PUT /me/language': { valid: [{ language: 'fi' }, { language: 'en' }], invalid: [{ language: 'sv' }, {}] },
};

describe('bodies the document and the handler judge alike', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);

  it.each(Object.entries(SAMPLES))('%s', (name, { valid, invalid }) => {
    const entry = deployed.find((candidate) => routeName(candidate) === name);
    const body = entry && operationOf(entry)?.requestBody;
    if (!entry?.route.body || !body) throw new Error(`${name} takes no body`);
    const accepts = ajv.compile(documented(body.content['application/json']!.schema) as JsonSchema);
    const zodAccepts = (value: unknown) => inputOf(entry.route.body)!.safeParse(value).success;
    // No body at all is the document's `required: false`, not its schema's business.
    const documentAccepts = (value: unknown) => (value === undefined ? !body.required : accepts(value));
    for (const value of valid)
      expect([zodAccepts(value), documentAccepts(value)], JSON.stringify(value)).toEqual([true, true]);
    for (const value of invalid)
      expect([zodAccepts(value), documentAccepts(value)], JSON.stringify(value)).toEqual([false, false]);
  });

  it('GET /health answers what its JSON Schema (written by hand, not from zod) describes', async () => {
    const entry = deployed.find((candidate) => routeName(candidate) === 'GET /health')!;
    const accepts = ajv.compile(
      documented(operationOf(entry)!.responses['200']!.content!['application/json']!.schema) as JsonSchema,
    );
    const answer = await healthHandler(
      { rawPath: '/health', headers: {} } as Parameters<typeof healthHandler>[0],
      {} as Parameters<typeof healthHandler>[1],
    );
    expect(accepts(JSON.parse(String(answer.body)))).toBe(true);
    expect(accepts({ status: 'down' })).toBe(false);
  });

  it('path ids: a request id is a UUID, a service id a name without slashes', () => {
    const pathSchema = (name: string, parameter: string) => {
      const entry = deployed.find((candidate) => routeName(candidate) === name)!;
      const found = operationOf(entry)!.parameters.find((p) => p.in === 'path' && p.name === parameter)!;
      return ajv.compile(documented(found.schema) as JsonSchema);
    };
    const requestId = pathSchema('GET /contact-changes/{id}', 'id');
    const serviceId = pathSchema('GET /services/{serviceId}', 'serviceId');
    expect(requestId('6f1c2b0e-2b0a-4c8e-9d5e-0a1b2c3d4e5f')).toBe(true);
    expect(requestId('12')).toBe(false);
    expect([serviceId('example.fi'), serviceId('a/b'), serviceId('')]).toEqual([true, false, false]);
  });
});

describe("the looseness a read of the document found, closed (API.md's words)", () => {
  const operation = (name: string) => operationOf(deployed.find((entry) => routeName(entry) === name)!)!;

  it('the confirm form names its two decisions', () => {
    const form = documented(
      operation('POST /confirm/{id}').requestBody!.content['application/x-www-form-urlencoded']!.schema,
    ) as { properties: Record<string, JsonSchema> };
    expect(form.properties.decision).toMatchObject({ enum: ['accept', 'refuse'] });
  });

  it('a page of a list has a string nextCursor, absent on the last page, never null', () => {
    for (const name of ['GET /me/services', 'GET /me/contact-changes', 'GET /services/{serviceId}/history']) {
      const page = documented(operation(name).responses['200']!.content!['application/json']!.schema) as {
        properties: Record<string, JsonSchema>;
        required: string[];
      };
      expect(page.properties.nextCursor).toMatchObject({ type: 'string' });
      expect(page.required).not.toContain('nextCursor');
    }
  });
});
