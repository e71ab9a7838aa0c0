// Prints each function's bundle size in bytes beside its budget (infra/bundle-budgets.ts), read from
// the asset folders of the last `cdk synth` (run by `npm run bundle-sizes` first), and exits 1 naming
// every function over its budget: CI runs it (.ci/run). Usage: tsx infra/bundle-sizes.ts [cdk.out]
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { bundleBudget, describeOverBudget, overBudget, type BundleSize } from './bundle-budgets';

interface Template {
  Resources: Record<
    string,
    { Type: string; Properties?: { FunctionName?: string }; Metadata?: Record<string, string> }
  >;
}

const outdir = process.argv[2] ?? 'cdk.out';
const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as {
  artifacts: Record<string, { type: string; properties?: { templateFile?: string } }>;
};
const size = (file: string) => (existsSync(file) ? statSync(file).size : 0);
const over: string[] = [];
let checked = 0;

for (const [stackName, artifact] of Object.entries(manifest.artifacts)) {
  if (artifact.type !== 'aws:cloudformation:stack' || !artifact.properties?.templateFile) continue;
  const template = JSON.parse(
    readFileSync(join(outdir, artifact.properties.templateFile), 'utf8'),
  ) as Template;
  // Every function of ours is `service-contacts-<stage>-<name>` (infra/service-contacts-stack.ts);
  // CDK's own helpers (a bucket deployment's, say) have no name and are not ours to budget.
  const prefix = `service-contacts-${stackName.replace(/^ServiceContacts-/, '')}-`;
  const rows = Object.values(template.Resources)
    .filter((resource) => resource.Type === 'AWS::Lambda::Function' && resource.Metadata?.['aws:asset:path'])
    .filter((resource) => resource.Properties?.FunctionName?.startsWith(prefix))
    .map((resource) => {
      const dir = join(outdir, resource.Metadata?.['aws:asset:path'] ?? '');
      return {
        name: (resource.Properties?.FunctionName ?? '').slice(prefix.length),
        code: size(join(dir, 'index.mjs')),
        map: size(join(dir, 'index.mjs.map')),
      };
    })
    .sort((a, b) => b.code - a.code);
  if (rows.length === 0) continue;
  const width = Math.max(...rows.map((row) => row.name.length));
  console.log(`${stackName}: bundle sizes in bytes (index.mjs, its budget, then its source map)`);
  for (const row of rows) {
    const budget = bundleBudget(row.name);
    console.log(
      `  ${row.name.padEnd(width)}  ${String(row.code).padStart(9)}  ${String(budget).padStart(9)}  ` +
        `${String(row.map).padStart(9)}  ${row.code > budget ? 'OVER BUDGET' : 'ok'}`,
    );
  }
  console.log(
    `  ${'total'.padEnd(width)}  ${String(rows.reduce((sum, row) => sum + row.code, 0)).padStart(9)}`,
  );
  checked += rows.length;
  const sizes: BundleSize[] = rows.map((row) => ({ name: row.name, bytes: row.code }));
  over.push(...overBudget(sizes).map((bundle) => `${stackName} ${describeOverBudget(bundle)}`));
}

if (checked === 0) {
  console.error(`No function bundles found in ${outdir}: run cdk synth first (npm run bundle-sizes does).`);
  process.exit(1);
}
if (over.length > 0) {
  console.error(
    `\nBundles over budget (infra/bundle-budgets.ts):\n${over.map((line) => `  ${line}`).join('\n')}`,
  );
  process.exit(1);
}
console.log(`\nEvery bundle within its budget (${checked} functions).`);
