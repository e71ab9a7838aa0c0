import { build } from 'esbuild';
const r = await build({ bundle: true, platform: 'node', target: 'node24', format: 'esm', minify: true, metafile: true, write: false,
    mainFields: ['module', 'main'], external: ['@aws-sdk/*'], entryPoints: [process.argv[2]!], outfile: '/tmp/bz/x.mjs', logLevel: 'silent' });
const out = Object.values(r.metafile!.outputs)[0]!;
for (const [k, v] of Object.entries(out.inputs).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput).slice(0, Number(process.argv[3] ?? 40))) console.log(String(v.bytesInOutput).padStart(7), k);
