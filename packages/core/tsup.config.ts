import { defineConfig } from 'tsup';

// zod's namespace carries every locale's messages; byoc-kit writes its own messages and uses English
// only, so the bundle keeps `en` and leaves out the rest (a fifth of the code a cold start compiles).
const englishOnly = {
  name: 'zod-english-only',
  setup(build: { onLoad: (options: { filter: RegExp }, callback: () => { contents: string; loader: 'js' }) => void }) {
    build.onLoad({ filter: /zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({
      contents: 'export { default as en } from "./en.js";',
      loader: 'js',
    }));
  },
};

export default defineConfig({
  entry: { index: 'src/index.ts', 'provider-utils': 'src/provider-utils.ts', testing: 'src/testing/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  treeshake: true,
  // Bundled, and re-exported as provider-utils' z for the adapters: one parsed copy of zod instead of
  // the ~200 modules it loads, a third of a cold start. eta is bundled so CommonJS users need no require(esm).
  noExternal: ['zod', 'eta'],
  esbuildPlugins: [englishOnly],
});
