// Schemas shared by many routes. Each one that is part of the contract carries an OpenAPI
// component id (`z.meta({ id })`), so the document names it once and refers to it everywhere. A
// bundle leaves out those its routes do not name: `/* @__PURE__ */` as in api-schemas.ts.
import * as z from '../zod';
import { handleSchema as domainHandleSchema } from '../domain/handle';
import { ROLES } from '../domain/model';
import { ERROR_STATUS, type ErrorCode } from '../domain/errors';
import { TRANSPORT_CODES } from './problem';
import { answerSchema } from './route-spec';

/**
 * The domain's handle schema, registered for OpenAPI. Its own pattern is checked after trimming
 * and lower-casing; the documented pattern is what a client may send: any case, spaces around.
 */
export const handleSchema = /* @__PURE__ */ z.builtOnce(() =>
  domainHandleSchema().check(
    z.meta({
      id: 'Handle',
      description: 'An account handle; accepted in any case, returned lower-case.',
      pattern: '^\\s*[a-zA-Z]{2}\\d{1,10}-[oO][vV][hH]\\s*$',
      examples: ['aa123456-ovh'],
    }),
  ),
);

export const roleSchema = /* @__PURE__ */ z.builtOnce(() => z.enum(ROLES).check(z.meta({ id: 'Role' })));

/** Paged lists (API.md, "Conventions"): query strings arrive as text, hence the coercion. */
export const pagingQuerySchema = /* @__PURE__ */ z.builtOnce(() =>
  z.object({
    limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 50),
    cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
  }),
);

const problemCodes = [...(Object.keys(ERROR_STATUS) as ErrorCode[]), ...TRANSPORT_CODES];

const fieldProblemSchema = () =>
  z
    .object({
      path: z.string(),
      message: z.string(),
      code: z
        .optional(z.enum(Object.keys(ERROR_STATUS) as ErrorCode[]))
        .check(
          z.meta({ description: 'For batch_refused: the code a single request for that service would get.' }),
        ),
    })
    .check(z.meta({ id: 'FieldProblem' }));

export const problemSchema = /* @__PURE__ */ answerSchema(() =>
  z
    .object({
      type: z.string(),
      title: z.string(),
      status: z.number().check(z.int()),
      detail: z.string(),
      code: z.enum(problemCodes),
      errors: z.optional(z.array(fieldProblemSchema())),
    })
    .check(z.meta({ id: 'Problem', description: 'An RFC 9457 problem document.' })),
);

/** A page of items with the cursor of the next page: absent, never null, on the last page. */
export const pageOf = <T extends z.ZodMiniType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.optional(z.string()).check(z.meta({ description: 'Absent on the last page.' })),
  });
