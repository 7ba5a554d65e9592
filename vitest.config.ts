import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// BYOC_TEST_CLOCK_OFFSET (`+400d`, `-1d`) runs the suite on another day: the setup file moves the
// clock of every test worker, and NODE_OPTIONS carries it into the processes the tests start.
const clockOffset = source('./tools/clock-offset.mjs');
if (process.env.BYOC_TEST_CLOCK_OFFSET && !process.env.NODE_OPTIONS?.includes(clockOffset)) {
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --import=${pathToFileURL(clockOffset).href}`.trim();
}

export default defineConfig({
  resolve: {
    // Tests run against the sources of sibling packages, so a change is tested without a rebuild.
    alias: [
      { find: /^@byoc-kit\/core\/testing$/, replacement: source('./packages/core/src/testing/index.ts') },
      { find: /^@byoc-kit\/core\/provider-utils$/, replacement: source('./packages/core/src/provider-utils.ts') },
      { find: /^@byoc-kit\/core$/, replacement: source('./packages/core/src/index.ts') },
      { find: /^@byoc-kit\/aws\/testing$/, replacement: source('./packages/aws/src/testing.ts') },
      { find: /^@byoc-kit\/aws$/, replacement: source('./packages/aws/src/index.ts') },
      { find: /^@byoc-kit\/azure\/testing$/, replacement: source('./packages/azure/src/testing.ts') },
      { find: /^@byoc-kit\/azure$/, replacement: source('./packages/azure/src/index.ts') },
    ],
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'examples/*/src/**/*.test.ts', 'examples/*/*.test.ts', 'tools/*.test.ts'],
    setupFiles: [clockOffset],
    testTimeout: 30_000,
    // Most of the long tests wait on terraform, PostgreSQL or child processes rather than on this
    // process: two files at a time even on a two-core machine (vitest would take one there).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    hookTimeout: 60_000,
  },
});
