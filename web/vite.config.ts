// Two builds of one app: `--mode one-machine` (npm start's panel, with the local sign-in page) into
// dist/one-machine, and `--mode aws` (Cognito sign-in through oidc-client-ts) into dist/aws. The sign-in
// module is chosen by the `#auth` alias, so the other one is never part of a bundle.
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { LOOK_CSS } from '../shared/look/look-css';

// The product's look is one TypeScript string, inlined by the confirm pages (no files beside a
// Lambda) and served to the panel as a stylesheet of its own, so neither copies the other's values.
const LOOK_ID = 'virtual:look.css';
const look: Plugin = {
  name: 'look-css',
  // A path ending in .css (not a \0 id), so that Vite's CSS pipeline bundles and minifies it.
  resolveId: (id) => (id === LOOK_ID ? '/@look/look.css' : undefined),
  load: (id) => (id === '/@look/look.css' ? LOOK_CSS : undefined),
};

export default defineConfig(({ mode }) => {
  if (mode !== 'one-machine' && mode !== 'aws')
    throw new Error(`Build with --mode one-machine or --mode aws, not ${mode}`);
  return {
    root: import.meta.dirname,
    base: '/panel/',
    plugins: [look],
    // The panel asks nothing of Vite's env files; keep them from being picked up by accident.
    envDir: false,
    resolve: { alias: { '#auth': resolve(import.meta.dirname, `src/app/auth/${mode}.tsx`) } },
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    build: {
      outDir: resolve(import.meta.dirname, 'dist', mode),
      emptyOutDir: true,
      target: 'es2022',
      // One small bundle: the budget is on first-load JavaScript, and every screen shares the same parts.
      modulePreload: { polyfill: false },
    },
  };
});
