import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The architecture of the adapter, enforced: the blueprint is data, the plan is resolved from it,
 * each template format serializes the plan without knowing the other, verification is reached
 * through the provider only, and test helpers stay out of the product.
 */
const root = import.meta.dirname;

function sourceFiles(folder = root): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith('__') ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [relative(root, path)] : [];
  });
}

/** The files of src a file imports or re-exports, as paths relative to src; `runtime` leaves out `import type`. */
function importsOf(file: string, runtime = false): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const statements = runtime ? /^(?:import|export) (?!type )[^;]*?from '(\.{1,2}\/[^']+)'/gms : /from\s*'(\.{1,2}\/[^']+)'/g;
  return [...text.matchAll(statements)].map((match) => normalize(join(dirname(file), (match[1] as string).replace(/\.js$/, '.ts'))));
}

const files = sourceFiles();
const graph = new Map(files.map((file) => [file, importsOf(file)]));
const runtimeGraph = new Map(files.map((file) => [file, importsOf(file, true)]));
const layer = (file: string) => (file.includes('/') ? (file.split('/')[0] as string) : file);

/** For each layer, the layers (folders, or root files) it may import. */
const allowed: Record<string, readonly string[]> = {
  blueprint: ['blueprint', 'plan/statement.ts'],
  plan: ['plan', 'blueprint', 'partition.ts', 'settings.ts'],
  terraform: ['terraform', 'plan', 'blueprint', 'documents', 'settings.ts'],
  cloudformation: ['cloudformation', 'plan', 'blueprint', 'documents', 'partition.ts', 'settings.ts'],
  documents: ['documents', 'plan', 'blueprint', 'settings.ts'],
  // Verification checks what the plan grants (the permission simulation), never how a format writes it.
  verify: ['verify', 'access', 'plan', 'blueprint', 'partition.ts', 'settings.ts'],
  access: ['access', 'partition.ts', 'settings.ts'],
  // Test helpers read bundles back, so they may know the plan and the naming of each format; never verification.
  testing: ['testing', 'blueprint', 'plan', 'cloudformation', 'partition.ts'],
};

describe('the layers of @byoc-kit/aws', () => {
  it('finds the sources', () => {
    expect(files).toContain('provider.ts');
    expect(files.filter((file) => file.startsWith('plan/'))).toContain('plan/plan.ts');
  });

  it.each(Object.entries(allowed))('%s imports only what its layer may', (name, may) => {
    const offending = files
      .filter((file) => layer(file) === name)
      .flatMap((file) => (graph.get(file) ?? []).map((target) => [file, target] as const))
      .filter(([, target]) => !may.some((allowedLayer) => target === allowedLayer || layer(target) === allowedLayer));
    expect(offending).toEqual([]);
  });

  it('a serializer never imports the other', () => {
    const crossing = files.flatMap((file) =>
      (graph.get(file) ?? [])
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
      (file) => layer(file) !== 'verify' && (graph.get(file) ?? []).some((target) => layer(target) === 'verify'),
    );
    expect(importers).toEqual(['provider.ts']);
  });

  it('keeps test helpers out of the product: only testing.ts exports them', () => {
    const importers = files.filter(
      (file) => layer(file) !== 'testing' && (graph.get(file) ?? []).some((target) => layer(target) === 'testing'),
    );
    expect(importers).toEqual(['testing.ts']);
  });

  it('has no import cycle, and no chain of modules loaded at run time deeper than 8 from index.ts', () => {
    const depth = new Map<string, number>();
    const visiting = new Set<string>();
    const measure = (file: string): number => {
      if (visiting.has(file)) throw new Error(`import cycle through ${file}`);
      const known = depth.get(file);
      if (known !== undefined) return known;
      visiting.add(file);
      const deepest = Math.max(0, ...(runtimeGraph.get(file) ?? []).filter((target) => runtimeGraph.has(target)).map(measure));
      visiting.delete(file);
      depth.set(file, deepest + 1);
      return deepest + 1;
    };
    expect(measure('index.ts')).toBeLessThanOrEqual(8);
  });
});
