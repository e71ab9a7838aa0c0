// Generators of the property tests' noise: text of every kind, huge strings, odd handles, JSON of
// any shape, bodies with wrong labels, path segments that are not ids, forged cursors and query
// garbage. The property tests mix these with cases drawn from the world's real handles, services,
// request ids and codes, so that most cases reach the rules and some still probe the edges.
import fc from 'fast-check';

export const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => s.isWellFormed()),
);

/** Large enough to pass any field's bound many times over; API Gateway's 10 MB limit has its own test. */
export const huge = fc.integer({ min: 10_000, max: 300_000 }).map((n) => 'x'.repeat(n));

/** Strings a handle field might be sent: text, handle-shaped strings, and near misses. */
export const handleNoise = fc.oneof(
  text,
  fc.stringMatching(/^\s?[a-zA-Z]{2}\d{1,12}-[oO][vV][hH]\s?$/),
  fc.constantFrom('', ' ', '-ovh', 'aa-ovh', 'AA1-OVH', 'aa1-ovh\n', 'aa1-ovh\u0000', '\u212Aa1-ovh'),
);

export const json = fc.jsonValue({ maxDepth: 3 });

export const garbage = fc.oneof(
  text,
  fc.integer().map(String),
  fc.double().map(String),
  fc.constantFrom('', '-1', '0', '1e2'),
);

/** Content types: mostly JSON's, then the usual wrong ones, then anything shaped like a type. */
export const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant('application/json') },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'application/problem+json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
    ),
  },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z]{1,10}\/[a-z+.-]{1,15}$/) },
);

/** A raw body that is anything but the well-formed one: JSON of any shape, text, huge, or none. */
export const bodyNoise = fc.oneof(
  { weight: 2, arbitrary: json.map((v) => JSON.stringify(v)) },
  { weight: 2, arbitrary: text },
  { weight: 1, arbitrary: huge.map((x) => `{"token":"${x}","email":"${x}","tech":"${x}"}`) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

/** A path segment that is no real id: UUIDs, garbage (URL-encoded), huge, and raw escapes that may be malformed. */
export const segmentNoise = fc.oneof(
  { weight: 2, arbitrary: fc.uuid() },
  { weight: 4, arbitrary: text.map(encodeURIComponent) },
  { weight: 1, arbitrary: huge.map((x) => x.slice(0, 5000)) },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9%._~-]{1,20}$/) },
);

/** A code as typed: real codes are drawn from the world; these are the guesses. */
export const wrongCode = fc.oneof(
  fc.stringMatching(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){6}-[0-9A-HJKMNP-TV-Z]{2}$/),
  fc.string({ minLength: 1, maxLength: 64 }).filter((s) => s.trim().length > 0),
);

export const STATES = [
  'awaiting_confirmation',
  'applying',
  'done',
  'refused',
  'expired',
  'failed',
  'cancelled',
];
export const ROLES = ['admin', 'tech', 'billing'] as const;

/** What a list's real cursor holds (docs/data-model.md): its key names, and the partitions it may page. */
export interface PagedList {
  keys: string[][];
  partitions: () => string[];
}

/**
 * Cursors: garbage; base64url JSON of arbitrary key-ish objects; and forged ones shaped like the
 * list's own — its key names, a partition it may page — with the sort key anywhere at all.
 */
export const cursorLike = (list: PagedList) => {
  const sortKey = fc.oneof(
    text,
    fc.constantFrom('SERVICE#', 'CHANGE#', 'HISTORY#', 'PROFILE', 'OPEN#tech', 'AAA', 'zzz', ''),
    fc.tuple(fc.constantFrom('SERVICE#', 'CHANGE#', 'HISTORY#'), text).map(([prefix, rest]) => prefix + rest),
    fc.string({ minLength: 1000, maxLength: 1500 }),
  );
  const partition = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...list.partitions()) },
    { weight: 1, arbitrary: text },
  );
  const forged = fc
    .constantFrom(...list.keys)
    .chain((names) =>
      fc
        .tuple(...names.map((name) => (name === 'sk' ? sortKey : partition)))
        .map((values) => Object.fromEntries(names.map((name, i) => [name, values[i]]))),
    );
  const loose = fc.dictionary(
    fc.constantFrom('pk', 'sk', 'partyState', 'adminOf', 'x'),
    fc.oneof(text, sortKey),
  );
  const encoded = (key: object) => Buffer.from(JSON.stringify(key)).toString('base64url');
  return fc.oneof(
    { weight: 1, arbitrary: garbage },
    { weight: 1, arbitrary: loose.map(encoded) },
    { weight: 3, arbitrary: forged.map(encoded) },
  );
};

/** A list's query: each parameter absent, valid or garbage; valid ones likelier, so garbage often comes alone. */
export interface ListQuery {
  limit?: string;
  cursor?: string;
  role?: string;
  state?: string;
  token?: string;
}

export const listQuery = (list: PagedList): fc.Arbitrary<ListQuery> => {
  const validOrNot = (valid: fc.Arbitrary<string>) =>
    fc.oneof({ weight: 8, arbitrary: valid }, { weight: 1, arbitrary: garbage });
  return fc.record(
    {
      limit: validOrNot(fc.integer({ min: 1, max: 100 }).map(String)),
      cursor: cursorLike(list),
      role: validOrNot(fc.constantFrom(...ROLES)),
      state: validOrNot(fc.constantFrom(...STATES)),
      token: garbage,
    },
    { requiredKeys: [] },
  );
};

/** Fewer cursors than other parameters: a cursor nobody was given is a validation problem. */
export const listQueryMostlyPlain = (list: PagedList) =>
  fc.oneof(
    { weight: 4, arbitrary: listQuery(list).map(({ cursor: _, ...rest }) => rest as ListQuery) },
    { weight: 1, arbitrary: listQuery(list) },
  );

export const queryString = (params: object) => {
  const search = new URLSearchParams(params as Record<string, string>).toString();
  return search ? `?${search}` : '';
};
