import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the sources of sibling packages, so a change is tested without a rebuild.
    alias: [
      { find: /^@byoc-kit\/core\/testing$/, replacement: source('./packages/core/src/testing/index.ts') },
      { find: /^@byoc-kit\/core\/provider-utils$/, replacement: source('./packages/core/src/provider-utils.ts') },
      { find: /^@byoc-kit\/core$/, replacement: source('./packages/core/src/index.ts') },
      { find: /^@byoc-kit\/aws\/testing$/, replacement: source('./packages/aws/src/testing.ts') },
      { find: /^@byoc-kit\/aws$/, replacement: source('./packages/aws/src/index.ts') },
    ],
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'examples/*/src/**/*.test.ts', 'examples/*/*.test.ts', 'tools/*.test.ts'],
    testTimeout: 30_000,
    // Most of the long tests wait on terraform, PostgreSQL or child processes rather than on this
    // process: two files at a time even on a two-core machine (vitest would take one there).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    hookTimeout: 60_000,
  },
});
