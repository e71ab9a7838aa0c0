// What an emailed link and a typed code carry: a request's or a batch's id and the code. Apart from
// api-schemas.ts, which re-exports them, so that the pages, which read nothing else of the contract,
// neither bundle nor build the API's answer schemas. `/* @__PURE__ */` as in api-schemas.ts.
import * as z from '../zod';

/** Request ids are UUIDs; anything else cannot exist, so it is a 400 before any read. */
export const requestIdSchema = /* @__PURE__ */ z.builtOnce(() => z.uuid('Expected a contact change id'));

export const batchParams = /* @__PURE__ */ z.builtOnce(() => z.object({ id: z.uuid('Expected a batch id') }));

/** A code as typed or pasted: generous in form (case, dashes, spaces), bounded in length. */
export const codeSchema = /* @__PURE__ */ z.builtOnce(() =>
  z.string().check(
    z.trim(),
    z.minLength(1),
    z.maxLength(64),
    // The trim has no JSON Schema form: the document says a code of spaces is none.
    z.meta({ pattern: '\\S', description: 'Case, dashes and spaces around do not matter.' }),
  ),
);
