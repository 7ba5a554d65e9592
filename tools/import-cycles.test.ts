import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCycles, importGraph } from './import-graph.js';

/**
 * No import circle anywhere in the repository: in every package's and example's sources and in
 * the tools, counting type-only and lazy imports, since a circle of types is still two concepts that
 * cannot be understood one without the other.
 */
const root = join(import.meta.dirname, '..');
const folders = [
  ...['packages', 'examples'].flatMap((group) =>
    readdirSync(join(root, group))
      .map((name) => join(group, name, 'src'))
      .filter((folder) => existsSync(join(root, folder))),
  ),
  'tools',
];

describe('imports across the repository', () => {
  it('finds the folders', () => {
    expect(folders).toEqual(expect.arrayContaining(['packages/core/src', 'packages/aws/src', 'examples/vendor-backend/src', 'tools']));
  });

  it.each(folders)('%s has no import cycle, type-only and lazy imports included', (folder) => {
    expect(importCycles(importGraph(join(root, folder)))).toEqual([]);
  });
});
