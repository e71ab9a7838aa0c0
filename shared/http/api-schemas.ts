// The contract's types (API.md, "Types") as zod schemas: route inputs are validated with them and
// the OpenAPI document is generated from them. Each is built on first use: an input's on the first
// request its route reads (inputSchema), an answer's by the document alone (answerSchema), so that a
// function's module init builds none of the other routes' schemas. Each `/* @__PURE__ */` tells esbuild
// that making the schema's builder calls nothing, so that a bundle leaves out every schema its routes do
// not name, and what only they use (1–11 KB a function at issue 23); without it esbuild keeps
// every call whose result is unused.
import * as z from '../zod';
import {
  CHANGE_STATES,
  CONFIRMATION_STATUSES,
  LANGUAGES,
  REASON_CODES,
  SERVICE_TYPES,
  WHY_CODES,
  ZONES,
} from '../domain/model';
import { ACTIONS } from '../domain/actions';
import { codeSchema, requestIdSchema } from './link-schemas';
import { answerSchema, inputSchema } from './route-spec';
import { handleSchema, pageOf, pagingQuerySchema, roleSchema } from './schemas';

export { batchParams, codeSchema, requestIdSchema } from './link-schemas';

const isoTime = () => z.iso.datetime();

export const accountSchema = /* @__PURE__ */ answerSchema(() =>
  z
    .object({
      nic: handleSchema(),
      email: z.email(),
      name: z.string(),
      language: z.enum(LANGUAGES),
      zone: z.enum(ZONES).check(z.meta({ description: 'Geographic zone: contacts change only within one.' })),
      timeZone: z.string().check(
        z.meta({
          description: 'IANA time zone; emails and pages show times in it.',
          examples: ['Europe/Helsinki'],
        }),
      ),
      pendingEmail: z
        .nullable(z.email())
        .check(z.meta({ description: 'An address change waiting for its code, or null.' })),
    })
    .check(z.meta({ id: 'Account' })),
);

const contactsSchema = () =>
  z.object({ admin: handleSchema(), tech: handleSchema(), billing: handleSchema() });

const namesSchema = () =>
  z.record(handleSchema(), z.string()).check(
    z.meta({
      description:
        'The display name of every handle shown here, by handle; a handle whose account no longer exists has none.',
      examples: [{ 'aa123456-ovh': 'Aino Aalto' }],
    }),
  );

export const serviceSchema = /* @__PURE__ */ answerSchema(() =>
  z
    .object({
      serviceId: z.string(),
      name: z.string(),
      type: z.enum(SERVICE_TYPES),
      contacts: contactsSchema(),
      myRoles: z.array(roleSchema()),
      editableRoles: z.array(roleSchema()),
      names: namesSchema(),
    })
    .check(z.meta({ id: 'Service' })),
);

export const contactChangeSchema = /* @__PURE__ */ answerSchema(() =>
  z
    .object({
      id: z.string(),
      serviceId: z.string(),
      serviceName: z.string().check(z.meta({ description: "The service's name, for titles." })),
      roles: z.array(roleSchema()),
      from: handleSchema(),
      to: handleSchema(),
      askedBy: handleSchema(),
      state: z.enum(CHANGE_STATES),
      confirmations: z.array(
        z.object({
          nic: handleSchema(),
          status: z.enum(CONFIRMATION_STATUSES),
          at: z.optional(isoTime()),
          emailBounced: z.optional(z.literal(true)).check(
            z.meta({
              description:
                'Present only while this confirmer is pending and the email with their current code bounced: ' +
                'they should correct their email address, then the codes be sent again (the resend operations; in the ' +
                'panel, the buttons “Send my code again” and “Send the codes again to everyone who has not answered”).',
            }),
          ),
        }),
      ),
      notified: z.array(handleSchema()),
      createdAt: isoTime(),
      expiresAt: isoTime(),
      completedAt: z.nullable(isoTime()),
      reason: z.nullable(z.string()),
      why: z
        .nullable(z.object({ code: z.enum(WHY_CODES), nics: z.array(handleSchema()) }))
        .check(
          z.meta({ description: '`reason` as a code and the accounts it names, to say it in any language.' }),
        ),
      reasonCode: z.nullable(z.enum(REASON_CODES)).check(
        z.meta({
          description:
            'How the request ended without being applied, for a client to word in its own language.',
        }),
      ),
      reasonBy: z.nullable(handleSchema()).check(
        z.meta({
          description:
            'The account the reason names: who refused, who withdrew, or the asker who lost authority.',
        }),
      ),
      names: namesSchema(),
      message: z.string(),
      batchId: z.nullable(z.uuid()).check(
        z.meta({
          description:
            'The batch the request was asked in (API.md, "Batches"); null for a request asked alone.',
        }),
      ),
      actions: z.array(z.enum(ACTIONS)).check(
        z.meta({
          description:
            'The calls the caller may make on this request now; clients show what they are given and decide nothing.',
        }),
      ),
    })
    .check(z.meta({ id: 'ContactChange' })),
);

export const servicePageSchema = /* @__PURE__ */ answerSchema(() =>
  pageOf(serviceSchema()).check(z.meta({ id: 'ServicePage' })),
);
export const contactChangePageSchema = /* @__PURE__ */ answerSchema(() =>
  pageOf(contactChangeSchema()).check(z.meta({ id: 'ContactChangePage' })),
);

/** Service ids are domain names, server names, plan ids: printable, no slashes, bounded. */
const serviceIdSchema = /* @__PURE__ */ inputSchema(() =>
  z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(253),
      z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'Expected a service id such as example.fi'),
    ),
);

export const serviceParams = /* @__PURE__ */ inputSchema(() => z.object({ serviceId: serviceIdSchema() }));
export const requestParams = /* @__PURE__ */ inputSchema(() => z.object({ id: requestIdSchema() }));

export const servicesQuery = /* @__PURE__ */ inputSchema(() =>
  z.extend(pagingQuerySchema(), { role: z.optional(roleSchema()) }),
);
export const changesQuery = /* @__PURE__ */ inputSchema(() =>
  z.extend(pagingQuerySchema(), { state: z.optional(z.enum(CHANGE_STATES)) }),
);

/** A new contact: their handle, or the verified address of their account (DESIGN.md, "Naming the new contact"). */
const newContactSchema = /* @__PURE__ */ inputSchema(() =>
  z
    .union([handleSchema(), z.email().check(z.maxLength(254))], {
      error: 'not a handle (aa123456-ovh) nor an email address',
    })
    .check(
      z.meta({
        id: 'NewContact',
        description: 'A handle, or the email address of an account (its current, verified one).',
        examples: ['bb4321-ovh', 'bob.brown@example.com'],
      }),
    ),
);

/** The roles a change (of one service or of a batch) may name, each to its new contact. */
const newContactsByRole = () => ({
  admin: z.optional(newContactSchema()),
  tech: z.optional(newContactSchema()),
  billing: z.optional(newContactSchema()),
});

/** At least one of the roles is named: a change that names none asks for nothing. */
const someRoleNamed = () =>
  z.refine<{ admin?: string; tech?: string; billing?: string }>(
    (body) => body.admin ?? body.tech ?? body.billing,
    'Name at least one of admin, tech, billing',
  );

/** The optional Idempotency-Key of the two creating routes (API.md, "Conventions"). */
export const idempotencyHeaders = /* @__PURE__ */ inputSchema(() =>
  z.object({ 'idempotency-key': z.optional(z.string().check(z.minLength(1), z.maxLength(255))) }),
);

export const changeBodySchema = /* @__PURE__ */ inputSchema(() =>
  z.strictObject(newContactsByRole()).check(
    someRoleNamed(),
    // The refine has no JSON Schema form; with no other properties allowed, this says the same.
    z.meta({ id: 'ContactChangeRequest', minProperties: 1 }),
  ),
);

export const createdChangesSchema = /* @__PURE__ */ answerSchema(() =>
  z
    .object({ requests: z.array(contactChangeSchema()), message: z.string() })
    .check(z.meta({ id: 'CreatedContactChanges' })),
);

export const codeBodySchema = /* @__PURE__ */ inputSchema(() =>
  z.strictObject({ token: codeSchema() }).check(z.meta({ id: 'ConfirmationCode' })),
);
export const resendBodySchema = /* @__PURE__ */ inputSchema(() =>
  z.optional(z.strictObject({ onlyMe: z._default(z.boolean(), false) })),
);
export const emailBodySchema = /* @__PURE__ */ inputSchema(() =>
  z.strictObject({ email: z.email().check(z.maxLength(254)) }).check(z.meta({ id: 'EmailChange' })),
);
export const languageBodySchema = /* @__PURE__ */ inputSchema(() =>
  z.strictObject({ language: z.enum(LANGUAGES) }).check(z.meta({ id: 'LanguageChange' })),
);

export const batchSchema = /* @__PURE__ */ answerSchema(() =>
  z
    .object({
      id: z.string(),
      askedBy: handleSchema(),
      change: z
        .object({
          admin: z.optional(handleSchema()),
          tech: z.optional(handleSchema()),
          billing: z.optional(handleSchema()),
        })
        .check(z.meta({ description: 'The roles asked and their new contact, the same for every service.' })),
      services: z.array(z.string()).check(z.meta({ description: 'In the order asked.' })),
      requests: z
        .array(contactChangeSchema())
        .check(z.meta({ description: 'One or more per service, each with this batchId.' })),
      state: z.enum(['open', 'settled']).check(
        z.meta({
          description: 'open while any request of the batch has not ended; settled once every one has.',
        }),
      ),
      createdAt: isoTime(),
      expiresAt: isoTime().check(z.meta({ description: 'Shared by every request of the batch.' })),
      actions: z.array(z.enum(ACTIONS)).check(
        z.meta({
          description:
            'The batch calls the caller may make now: each one that at least one of its requests offers the caller.',
        }),
      ),
    })
    .check(z.meta({ id: 'Batch' })),
);

export const batchBodySchema = /* @__PURE__ */ inputSchema(() =>
  z
    .strictObject({
      services: z.array(serviceIdSchema()).check(
        z.minLength(1),
        z.maxLength(100),
        z.refine((ids) => new Set(ids).size === ids.length, 'Name each service once'),
        z.meta({ uniqueItems: true }),
      ),
      ...newContactsByRole(),
    })
    .check(
      someRoleNamed(),
      // As on a single change: the services and at least one role.
      z.meta({ id: 'BatchRequest', minProperties: 2 }),
    ),
);

export const createdBatchSchema = /* @__PURE__ */ answerSchema(() =>
  z.object({ batch: batchSchema(), message: z.string() }).check(z.meta({ id: 'CreatedBatch' })),
);
