// The zod of everything a Lambda function bundles: zod/mini, whose functions tree-shake, where classic
// zod's methods on every schema put 95 KB into each bundle and a third of its module init
// (docs/decisions.md, "zod/mini for every schema a function bundles"). Mini has no messages of its
// own; it gets classic zod's English ones here, so that a problem's `errors[].message` reads as
// before. Import it as `import * as z from '<path>/zod'`, never 'zod/mini' itself, so that no schema
// can parse before the messages are set. Re-exported with `export *`, never as one object: esbuild
// keeps only the functions a bundle calls when each is a static name, and every locale and the JSON
// Schema converter when it is an object.
import { _catch, type SomeType } from 'zod/v4/core';
import { config, ZodMiniCatch, type output } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';

/**
 * zod/mini's `z.catch`, built by the same core function with the same class, so it parses and documents
 * alike: mini's own reaches its helper through the `core.util` namespace object, which esbuild cannot
 * tree-shake, and so put all of zod's util module (9.7 KB) into the confirm pages' bundles.
 */
function catchWith<T extends SomeType>(innerType: T, value: output<T>): ZodMiniCatch<T> {
  // Core's declaration takes only object schemas (T extends $ZodObject); its code takes any schema.
  return _catch(ZodMiniCatch, innerType as never, value as never) as unknown as ZodMiniCatch<T>;
}
export { catchWith as catch };

/**
 * A schema built on its first call and kept: `export const idSchema = builtOnce(() => z.uuid())`. A
 * module's init then builds none, and the first schema built compiles much of zod, about a fifth of
 * a function's own init (docs/performance.md, "Bundles"); a function pays for the schemas its route
 * reads on the first request that reads them, and for the others never.
 */
export function builtOnce<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => (built ??= build());
}
