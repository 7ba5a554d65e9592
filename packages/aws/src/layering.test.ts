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
 * The architecture of the adapter, enforced: the blueprint is data, the plan is resolved from it,
 * each template format serializes the plan without knowing the other, verification is reached
 * through the provider only, and test helpers stay out of the product.
 */
const root = import.meta.dirname;
const layers: readonly Layer[] = [
  {
    folder: 'blueprint',
    holds: "the blueprint schema, `defineAwsBlueprint` and its refusals, the default blueprint, the vendor's own permissions",
    mayImport: ['plan/statement.ts'],
  },
  {
    folder: 'plan',
    holds: 'the format-neutral plan: one `PolicyStatement` type, trust and bucket policies, split policies, subnets',
    mayImport: ['blueprint', 'partition.ts', 'settings.ts'],
  },
  {
    folder: 'terraform',
    holds: 'the Terraform serializer of the plan: main.tf, variables.tf, outputs.tf, the bundle',
    mayImport: ['plan', 'blueprint', 'documents', 'settings.ts'],
  },
  {
    folder: 'cloudformation',
    holds: 'the CloudFormation serializer of the plan: template.yaml, stack parameters, the quick-create link',
    mayImport: ['plan', 'blueprint', 'documents', 'partition.ts', 'settings.ts'],
  },
  {
    folder: 'documents',
    holds: "the customer's README of each bundle, with the CloudTrail queries of the vendor's sessions",
    mayImport: ['plan', 'blueprint', 'access', 'settings.ts'],
  },
  {
    folder: 'access',
    holds: "parsing what the customer hands back (role ARN, access key), and the STS session's name and attribution",
    mayImport: ['partition.ts', 'settings.ts'],
  },
  // Verification checks what the plan grants (the permission simulation), never how a format writes it.
  {
    folder: 'verify',
    holds: 'STS verification and health checks, loaded lazily by `provider.ts`',
    mayImport: ['access', 'plan', 'blueprint', 'partition.ts', 'settings.ts'],
  },
  // Test helpers read bundles back, so they may know the plan and the naming of each format; never verification.
  {
    folder: 'testing',
    holds: 'the loopback STS stand-in, msw handlers and the offline provider override (`@byoc-kit/aws/testing`)',
    mayImport: ['blueprint', 'plan', 'cloudformation', 'partition.ts'],
  },
];
const graph = importGraph(root);
const files = [...graph.keys()];
const layer = layerOf;

describe('the layers of @byoc-kit/aws', () => {
  it('finds the sources', () => {
    expect(files).toContain('provider.ts');
    expect(files.filter((file) => file.startsWith('plan/'))).toContain('plan/plan.ts');
  });

  it('imports only what each layer may', () => {
    expect(layerViolations(graph, Object.fromEntries(layers.map((entry) => [entry.folder, entry.mayImport])))).toEqual([]);
  });

  it('a serializer never imports the other', () => {
    const crossing = files.flatMap((file) =>
      (graph.get(file) ?? [])
        .map((edge) => edge.target)
        .filter((target) => {
          const [from, to] = [layer(file), layer(target)];
          return (from === 'terraform' && to === 'cloudformation') || (from === 'cloudformation' && to === 'terraform');
        })
        .map((target) => `${file} -> ${target}`),
    );
    expect(crossing).toEqual([]);
  });

  it('only the provider reaches verification', () => {
    const importers = files.filter(
      (file) => layer(file) !== 'verify' && (graph.get(file) ?? []).some((edge) => layer(edge.target) === 'verify'),
    );
    expect(importers).toEqual(['provider.ts']);
  });

  it('keeps test helpers out of the product: only testing.ts exports them', () => {
    const importers = files.filter(
      (file) => layer(file) !== 'testing' && (graph.get(file) ?? []).some((edge) => layer(edge.target) === 'testing'),
    );
    expect(importers).toEqual(['testing.ts']);
  });

  it('has no import cycle (type-only and lazy imports included), and no chain loaded at start-up deeper than 8 from index.ts', () => {
    expect(importCycles(graph)).toEqual([]);
    expect(loadDepth(graph, 'index.ts')).toBeLessThanOrEqual(8);
  });

  it("draws the README's code map from these rules", () => {
    expect(codeMapRows(readFileSync(join(root, '..', 'README.md'), 'utf8'))).toEqual(codeMapOf(layers));
  });
});
