import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeMapOf, codeMapRows, importCycles, importGraph, type Layer, layerOf, layerViolations } from '../../../tools/import-graph.js';

/**
 * The architecture of core, enforced: each folder names a concept and imports only the layers
 * below it; another folder is reached through its entry (`index.ts`, whose comment says what the
 * folder holds); test helpers stay out of the product. The README's code map is these rules.
 */
const root = import.meta.dirname;
const layers: readonly Layer[] = [
  { folder: 'errors', holds: '`ByocError`, the table of core codes, `quote` for messages', mayImport: [] },
  {
    folder: 'domain',
    holds:
      'the custom cloud: schema, input, patches, lifecycle, CIDRs and their index, subnet plans, tags, contacts, availability, regions, external IDs, transition events',
    mayImport: ['errors'],
  },
  {
    folder: 'templates',
    holds: 'what every template shares: HCL, Terraform variables and mirror, template rules, manifests, customer documents',
    mayImport: ['domain', 'errors'],
  },
  {
    folder: 'provider',
    holds: 'the provider contract, reports and their outcomes, bounded calls, retries, template requests, the registry',
    mayImport: ['templates', 'domain', 'errors'],
  },
  {
    folder: 'store',
    holds: 'the store contract with its outbox, the memory and JSON-file stores, store errors',
    mayImport: ['templates', 'domain', 'errors'],
  },
  { folder: 'wire', holds: "Aiven's wire format and API mapping", mayImport: ['provider', 'templates', 'domain', 'errors'] },
  {
    folder: 'runtime',
    holds: 'background work: the cloud writer, verification runs, the health monitor, deliveries, job queues, the worker',
    mayImport: ['store', 'provider', 'domain', 'errors'],
  },
  {
    folder: 'service',
    holds: '`Byoc` and `createByoc` composed of its parts, the organization scope, registration, external IDs, template tracking',
    mayImport: ['runtime', 'store', 'wire', 'provider', 'templates', 'domain', 'errors'],
  },
  {
    folder: 'testing',
    holds: 'the conformance suites and test helpers (`@byoc-kit/core/testing`)',
    mayImport: ['service', 'runtime', 'store', 'wire', 'provider', 'templates', 'domain', 'errors'],
  },
];
const entries = ['index.ts', 'provider-utils.ts'];
const graph = importGraph(root);
const files = [...graph.keys()];

describe('the layers of @byoc-kit/core', () => {
  it('finds the sources, every one in a layer or an entry point', () => {
    expect(files).toContain('service/byoc.ts');
    const unplaced = files.filter((file) => !entries.includes(file) && !layers.some((layer) => layer.folder === layerOf(file)));
    expect(unplaced).toEqual([]);
  });

  it('imports only downwards: each folder the layers it may', () => {
    expect(layerViolations(graph, Object.fromEntries(layers.map((layer) => [layer.folder, layer.mayImport])))).toEqual([]);
  });

  it('reaches another folder through its entry, index.ts, which says what the folder holds and may import', () => {
    const around = [...graph].flatMap(([file, edges]) =>
      entries.includes(file)
        ? []
        : edges
            .filter(({ target }) => layerOf(target) !== layerOf(file) && !target.endsWith('/index.ts'))
            .map(({ target }) => `${file} -> ${target}`),
    );
    expect(around).toEqual([]);
    for (const layer of layers) {
      const entry = readFileSync(join(root, layer.folder, 'index.ts'), 'utf8');
      expect(entry, layer.folder).toMatch(/^\/\*\*\n( \*.*\n)+ \*\/\n/);
      for (const below of layer.mayImport) expect(entry, `${layer.folder}/index.ts names ${below}/`).toContain(`\`${below}/\``);
    }
  });

  it('keeps test helpers out of the product', () => {
    const importers = files.filter(
      (file) => layerOf(file) !== 'testing' && (graph.get(file) ?? []).some((edge) => layerOf(edge.target) === 'testing'),
    );
    expect(importers).toEqual([]);
  });

  it('has no import cycle, type-only and lazy imports included', () => {
    expect(importCycles(graph)).toEqual([]);
  });

  it("draws the README's code map from these rules", () => {
    const readme = readFileSync(join(root, '..', 'README.md'), 'utf8');
    expect(codeMapRows(readme)).toEqual(codeMapOf(layers));
  });
});
