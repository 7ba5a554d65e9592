import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  codeMapOf,
  codeMapRows,
  importCycles,
  importGraph,
  type Layer,
  layerOf,
  layerViolations,
  loadDepth,
} from '../../../tools/import-graph.js';

/**
 * The architecture of the GCP adapter, in the shape of the AWS one: the blueprint is data, the
 * plan says what a template grants and how an account is bound, Terraform writes it, verification
 * is reached through the provider only, and test helpers stay out of the product. The README's
 * code map is these rules.
 */
const root = import.meta.dirname;
const layers: readonly Layer[] = [
  {
    folder: 'blueprint',
    holds: '`defineGcpBlueprint` and its refusals, the default blueprint, the default vendor permissions',
    mayImport: [],
  },
  {
    folder: 'plan',
    holds: "what a template grants and creates (the manifest), each account's custom permissions, the binding an account carries",
    mayImport: ['blueprint', 'settings.ts'],
  },
  {
    folder: 'terraform',
    holds: 'main.tf, variables.tf, outputs.tf and the bundle',
    mayImport: ['plan', 'blueprint', 'documents', 'settings.ts'],
  },
  { folder: 'documents', holds: "the customer's README of the bundle", mayImport: [] },
  { folder: 'access', holds: 'parsing the service account the customer hands back', mayImport: [] },
  {
    folder: 'verify',
    holds:
      'impersonation, the binding, testIamPermissions and the real read, with Google error classification; loaded lazily by `provider.ts`',
    mayImport: ['access', 'plan', 'settings.ts'],
  },
  { folder: 'testing', holds: "msw handlers answering with Google's response shapes, for the tests", mayImport: [] },
];
const graph = importGraph(root);
const files = [...graph.keys()];

describe('the layers of @byoc-kit/gcp', () => {
  it('finds the sources', () => {
    expect(files).toEqual(expect.arrayContaining(['provider.ts', 'verify/verify-access.ts', 'plan/binding.ts']));
  });

  it('imports only what each layer may', () => {
    expect(layerViolations(graph, Object.fromEntries(layers.map((layer) => [layer.folder, layer.mayImport])))).toEqual([]);
  });

  it('only the provider reaches verification', () => {
    const importers = files.filter(
      (file) => layerOf(file) !== 'verify' && (graph.get(file) ?? []).some((edge) => layerOf(edge.target) === 'verify'),
    );
    expect(importers).toEqual(['provider.ts']);
  });

  it('keeps test helpers out of the product', () => {
    const importers = files.filter(
      (file) => layerOf(file) !== 'testing' && (graph.get(file) ?? []).some((edge) => layerOf(edge.target) === 'testing'),
    );
    expect(importers).toEqual([]);
  });

  it('has no import cycle, and no chain loaded at start-up deeper than 6 from index.ts', () => {
    expect(importCycles(graph)).toEqual([]);
    expect(loadDepth(graph, 'index.ts')).toBeLessThanOrEqual(6);
  });

  it("draws the README's code map from these rules", () => {
    expect(codeMapRows(readFileSync(join(root, '..', 'README.md'), 'utf8'))).toEqual(codeMapOf(layers));
  });
});
