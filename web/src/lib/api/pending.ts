// API.md's additions that the backend does not serve yet (another branch implements them): the
// verified address change and the Account's new fields. Written from API.md, in the generated types'
// shape, so the panel is built against the contract; delete each part once `npm run api:generate`
// brings it from the OpenAPI document (the intersection in client.ts then merges identical types).
import type { components } from './schema';

type Json<T> = { content: { 'application/json': T } };
type Problem = { content: { 'application/problem+json': components['schemas']['Problem'] } };

export interface PendingAccountFields {
  zone: 'eu' | 'ca' | 'us';
  timeZone: string;
  /** An address change waiting for its code, or null. */
  pendingEmail: string | null;
}

export interface PendingPaths {
  '/me/email/confirm': {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    post: {
      parameters: { query?: never; header?: never; path?: never; cookie?: never };
      requestBody: Json<{ token: string }>;
      responses: {
        200: Json<components['schemas']['Account'] & Partial<PendingAccountFields>>;
        400: Problem;
        401: Problem;
        409: Problem;
        422: Problem;
        429: Problem;
      };
    };
  };
}
