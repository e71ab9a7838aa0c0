// The contract's types (API.md, "Types") as zod schemas: route inputs are validated with them and
// the OpenAPI document is generated from them.
import * as z from 'zod';
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
import { handleSchema, pageOf, pagingQuerySchema, roleSchema } from './schemas';

const isoTime = z.iso.datetime();

export const accountSchema = z
  .object({
    nic: handleSchema,
    email: z.email(),
    name: z.string(),
    language: z.enum(LANGUAGES),
    zone: z.enum(ZONES).meta({ description: 'Geographic zone: contacts change only within one.' }),
    timeZone: z.string().meta({
      description: 'IANA time zone; emails and pages show times in it.',
      examples: ['Europe/Helsinki'],
    }),
    pendingEmail: z
      .email()
      .nullable()
      .meta({ description: 'An address change waiting for its code, or null.' }),
  })
  .meta({ id: 'Account' });

export const contactsSchema = z.object({ admin: handleSchema, tech: handleSchema, billing: handleSchema });

const namesSchema = z.record(handleSchema, z.string()).meta({
  description:
    'The display name of every handle shown here, by handle; a handle whose account no longer exists has none.',
  examples: [{ 'aa123456-ovh': 'Aino Aalto' }],
});

export const serviceSchema = z
  .object({
    serviceId: z.string(),
    name: z.string(),
    type: z.enum(SERVICE_TYPES),
    contacts: contactsSchema,
    myRoles: z.array(roleSchema),
    editableRoles: z.array(roleSchema),
    names: namesSchema,
  })
  .meta({ id: 'Service' });

export const contactChangeSchema = z
  .object({
    id: z.string(),
    serviceId: z.string(),
    serviceName: z.string().meta({ description: "The service's name, for titles." }),
    roles: z.array(roleSchema),
    from: handleSchema,
    to: handleSchema,
    askedBy: handleSchema,
    state: z.enum(CHANGE_STATES),
    confirmations: z.array(
      z.object({
        nic: handleSchema,
        status: z.enum(CONFIRMATION_STATUSES),
        at: isoTime.optional(),
        emailBounced: z
          .literal(true)
          .optional()
          .meta({
            description:
              'Present only while this confirmer is pending and the email with their current code bounced: ' +
              'they should correct their email address, then the codes be sent again (Resend).',
          }),
      }),
    ),
    notified: z.array(handleSchema),
    createdAt: isoTime,
    expiresAt: isoTime,
    completedAt: isoTime.nullable(),
    reason: z.string().nullable(),
    why: z
      .object({ code: z.enum(WHY_CODES), nics: z.array(handleSchema) })
      .nullable()
      .meta({ description: '`reason` as a code and the accounts it names, to say it in any language.' }),
    reasonCode: z.enum(REASON_CODES).nullable().meta({
      description: 'How the request ended without being applied, for a client to word in its own language.',
    }),
    reasonBy: handleSchema.nullable().meta({
      description:
        'The account the reason names: who refused, who withdrew, or the asker who lost authority.',
    }),
    names: namesSchema,
    message: z.string(),
    batchId: z.uuid().nullable().meta({
      description: 'The batch the request was asked in (API.md, "Batches"); null for a request asked alone.',
    }),
    actions: z.array(z.enum(ACTIONS)).meta({
      description:
        'The calls the caller may make on this request now; clients show what they are given and decide nothing.',
    }),
  })
  .meta({ id: 'ContactChange' });

export const servicePageSchema = pageOf(serviceSchema).meta({ id: 'ServicePage' });
export const contactChangePageSchema = pageOf(contactChangeSchema).meta({ id: 'ContactChangePage' });

/** Service ids are domain names, server names, plan ids: printable, no slashes, bounded. */
export const serviceIdSchema = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'Expected a service id such as example.fi');

/** Request ids are UUIDs; anything else cannot exist, so it is a 400 before any read. */
export const requestIdSchema = z.uuid('Expected a contact change id');

export const serviceParams = z.object({ serviceId: serviceIdSchema });
export const requestParams = z.object({ id: requestIdSchema });

export const servicesQuery = pagingQuerySchema.extend({ role: roleSchema.optional() });
export const changesQuery = pagingQuerySchema.extend({ state: z.enum(CHANGE_STATES).optional() });

/** A new contact: their handle, or the verified address of their account (DESIGN.md, "Naming the new contact"). */
const newContactSchema = z
  .union([handleSchema, z.email().max(254)], {
    error: 'not a handle (aa123456-ovh) nor an email address',
  })
  .meta({
    id: 'NewContact',
    description: 'A handle, or the email address of an account (its current, verified one).',
    examples: ['bb4321-ovh', 'bob.brown@example.com'],
  });

export const changeBodySchema = z
  .strictObject({
    admin: newContactSchema.optional(),
    tech: newContactSchema.optional(),
    billing: newContactSchema.optional(),
  })
  .refine((body) => body.admin ?? body.tech ?? body.billing, 'Name at least one of admin, tech, billing')
  // The refine has no JSON Schema form; with no other properties allowed, this says the same.
  .meta({ id: 'ContactChangeRequest', minProperties: 1 });

export const createdChangesSchema = z
  .object({ requests: z.array(contactChangeSchema), message: z.string() })
  .meta({ id: 'CreatedContactChanges' });

/** A code as typed or pasted: generous in form (case, dashes, spaces), bounded in length. */
export const codeSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  // The trim has no JSON Schema form: the document says a code of spaces is none.
  .meta({ pattern: '\\S', description: 'Case, dashes and spaces around do not matter.' });

export const codeBodySchema = z.strictObject({ token: codeSchema }).meta({ id: 'ConfirmationCode' });
export const resendBodySchema = z.strictObject({ onlyMe: z.boolean().default(false) }).optional();
export const emailBodySchema = z.strictObject({ email: z.email().max(254) }).meta({ id: 'EmailChange' });
export const languageBodySchema = z
  .strictObject({ language: z.enum(LANGUAGES) })
  .meta({ id: 'LanguageChange' });

export const batchSchema = z
  .object({
    id: z.string(),
    askedBy: handleSchema,
    change: z
      .object({
        admin: handleSchema.optional(),
        tech: handleSchema.optional(),
        billing: handleSchema.optional(),
      })
      .meta({ description: 'The roles asked and their new contact, the same for every service.' }),
    services: z.array(z.string()).meta({ description: 'In the order asked.' }),
    requests: z
      .array(contactChangeSchema)
      .meta({ description: 'One or more per service, each with this batchId.' }),
    state: z.enum(['open', 'settled']).meta({
      description: 'open while any request of the batch has not ended; settled once every one has.',
    }),
    createdAt: isoTime,
    expiresAt: isoTime.meta({ description: 'Shared by every request of the batch.' }),
    actions: z.array(z.enum(ACTIONS)).meta({
      description:
        'The batch calls the caller may make now: each one that at least one of its requests offers the caller.',
    }),
  })
  .meta({ id: 'Batch' });

export const batchBodySchema = z
  .strictObject({
    services: z
      .array(serviceIdSchema)
      .min(1)
      .max(100)
      .refine((ids) => new Set(ids).size === ids.length, 'Name each service once')
      .meta({ uniqueItems: true }),
    admin: newContactSchema.optional(),
    tech: newContactSchema.optional(),
    billing: newContactSchema.optional(),
  })
  .refine((body) => body.admin ?? body.tech ?? body.billing, 'Name at least one of admin, tech, billing')
  .meta({ id: 'BatchRequest', minProperties: 2 });

export const createdBatchSchema = z
  .object({ batch: batchSchema, message: z.string() })
  .meta({ id: 'CreatedBatch' });

export const batchParams = z.object({ id: z.uuid('Expected a batch id') });
