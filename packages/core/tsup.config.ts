import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', 'provider-utils': 'src/provider-utils.ts', testing: 'src/testing/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  treeshake: true,
});
