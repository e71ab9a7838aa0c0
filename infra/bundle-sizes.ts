// Prints each function's bundle size in bytes, read from the asset folders of the last `cdk synth`
// (run by `npm run bundle-sizes` first). Usage: tsx infra/bundle-sizes.ts [cdk.out]
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

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

for (const [stackName, artifact] of Object.entries(manifest.artifacts)) {
  if (artifact.type !== 'aws:cloudformation:stack' || !artifact.properties?.templateFile) continue;
  const template = JSON.parse(
    readFileSync(join(outdir, artifact.properties.templateFile), 'utf8'),
  ) as Template;
  const rows = Object.values(template.Resources)
    .filter((resource) => resource.Type === 'AWS::Lambda::Function' && resource.Metadata?.['aws:asset:path'])
    .map((resource) => {
      const dir = join(outdir, resource.Metadata?.['aws:asset:path'] ?? '');
      return {
        name: resource.Properties?.FunctionName ?? '?',
        code: size(join(dir, 'index.mjs')),
        map: size(join(dir, 'index.mjs.map')),
      };
    })
    .sort((a, b) => b.code - a.code);
  const width = Math.max(...rows.map((row) => row.name.length));
  console.log(`${stackName}: bundle sizes in bytes (index.mjs, then its source map)`);
  for (const row of rows)
    console.log(
      `  ${row.name.padEnd(width)}  ${String(row.code).padStart(9)}  ${String(row.map).padStart(9)}`,
    );
  console.log(
    `  ${'total'.padEnd(width)}  ${String(rows.reduce((sum, row) => sum + row.code, 0)).padStart(9)}`,
  );
}
