// The panel's client types are generated from the routes' own OpenAPI document and checked in; this
// fails when a route or schema changed and `npm run api:generate` was not run.
import { expect, it } from 'vitest';
import { stale } from '../../web/scripts/api-client';

it('the checked-in OpenAPI document and panel API types match the routes', async () => {
  expect(await stale(), 'run npm run api:generate').toEqual([]);
});
