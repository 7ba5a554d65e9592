import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

/**
 * The import graph of a source folder, read from the text of its files: every relative import or
 * re-export, type-only ones and lazy `import()` included, between the files that are not tests.
 * Shared by the layering tests of the packages and the repository's cycle test.
 */
export interface ImportEdge {
  /** The imported file, relative to the folder (`domain/tags.ts`). */
  readonly target: string;
  /** `import type` / `export type`: gone at run time, still an arrow between concepts. */
  readonly typeOnly: boolean;
  /** `import('./x.js')`: loaded when first used. */
  readonly lazy: boolean;
}

export type ImportGraph = ReadonlyMap<string, readonly ImportEdge[]>;

/** The `.ts` files under `root` that are not tests, relative to it; folders starting `__` (goldens, fixtures) are left out. */
export function sourceFiles(root: string, folder = root): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith('__') || entry.name === 'node_modules' ? [] : sourceFiles(root, path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts') ? [relative(root, path)] : [];
  });
}

const staticImport = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?'(\.{1,2}\/[^']+)'/gm;
const lazyImport = /\bimport\(\s*'(\.{1,2}\/[^']+)'\s*\)/g;

/** What `file` (relative to `root`) imports from files of `root`. */
export function importsOf(root: string, file: string): ImportEdge[] {
  const text = readFileSync(join(root, file), 'utf8');
  const resolve = (specifier: string) => {
    const path = normalize(join(dirname(file), specifier.replace(/\.js$/, '.ts')));
    const folderIndex = join(path, 'index.ts');
    return !path.endsWith('.ts') && existsSync(join(root, folderIndex)) && statSync(join(root, path)).isDirectory() ? folderIndex : path;
  };
  return [
    ...[...text.matchAll(staticImport)].map((match) => ({
      target: resolve(match[3] as string),
      typeOnly: match[2] !== undefined,
      lazy: false,
    })),
    ...[...text.matchAll(lazyImport)].map((match) => ({ target: resolve(match[1] as string), typeOnly: false, lazy: true })),
  ];
}

/** Every file of `root` with what it imports. */
export function importGraph(root: string): ImportGraph {
  return new Map(sourceFiles(root).map((file) => [file, importsOf(root, file)]));
}

/**
 * The import cycles of a graph, each as the files around it, first file repeated at the end
 * (`a.ts -> b.ts -> a.ts`): the strongly connected components with more than one file, and files
 * that import themselves.
 */
export function importCycles(graph: ImportGraph): string[] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (file: string) => {
    index.set(file, counter);
    low.set(file, counter);
    counter++;
    stack.push(file);
    onStack.add(file);
    for (const { target } of graph.get(file) ?? []) {
      if (!graph.has(target)) continue;
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file) as number, low.get(target) as number));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file) as number, index.get(target) as number));
      }
    }
    if (low.get(file) === index.get(file)) {
      const component: string[] = [];
      for (;;) {
        const member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
        if (member === file) break;
      }
      const selfImport = (graph.get(file) ?? []).some((edge) => edge.target === file);
      if (component.length > 1 || selfImport) components.push(component);
    }
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return components.map((component) => describeCycle(graph, new Set(component)));
}

/** One concrete path around a strongly connected component, for the message. */
function describeCycle(graph: ImportGraph, members: ReadonlySet<string>): string {
  const start = [...members].sort()[0] as string;
  const path = [start];
  const seen = new Set([start]);
  let current = start;
  for (;;) {
    const next = (graph.get(current) ?? [])
      .map((edge) => edge.target)
      .find((target) => members.has(target) && (target === start || !seen.has(target)));
    if (next === undefined || next === start) break;
    path.push(next);
    seen.add(next);
    current = next;
  }
  return [...path, start].join(' -> ');
}

/** The layer of a file: its first folder, or the file itself at the root. */
export function layerOf(file: string): string {
  return file.includes('/') ? (file.split('/')[0] as string) : file;
}

/**
 * The imports that cross the rules: for each layer (a folder, or a root file), the layers it may
 * import. A layer may always import itself; a file at the root that the rules do not name may
 * import anything (the entry points, the provider). Each as `from -> to`.
 */
export function layerViolations(graph: ImportGraph, allowed: Readonly<Record<string, readonly string[]>>): string[] {
  return [...graph].flatMap(([file, edges]) => {
    const may = allowed[layerOf(file)];
    if (may === undefined) return [];
    return edges
      .filter(({ target }) => layerOf(target) !== layerOf(file) && !may.some((layer) => target === layer || layerOf(target) === layer))
      .map(({ target }) => `${file} -> ${target}`);
  });
}

/** The longest chain of imports loaded at start-up from `entry` (no type-only, no lazy ones). */
export function loadDepth(graph: ImportGraph, entry: string): number {
  const depth = new Map<string, number>();
  const measure = (file: string, visiting: Set<string>): number => {
    const known = depth.get(file);
    if (known !== undefined) return known;
    if (visiting.has(file)) throw new Error(`import cycle through ${file}`);
    visiting.add(file);
    const targets = (graph.get(file) ?? []).filter((edge) => !edge.typeOnly && !edge.lazy && graph.has(edge.target));
    const deepest = Math.max(0, ...targets.map((edge) => measure(edge.target, visiting)));
    visiting.delete(file);
    depth.set(file, deepest + 1);
    return deepest + 1;
  };
  return measure(entry, new Set());
}

/** One layer of a package: its folder, what it holds, and the layers it may import. */
export interface Layer {
  readonly folder: string;
  readonly holds: string;
  readonly mayImport: readonly string[];
}

/**
 * The rows of the "Code map" table of a package README (`| folder | holds | may import |`), each
 * cell with its Markdown backticks and padding taken off; the formatter's column alignment aside,
 * the table says what the layering rules say.
 */
export function codeMapRows(readme: string): string[][] {
  const section = readme.split(/^## Code map$/m)[1]?.split(/^## /m)[0] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|\s*-/.test(line))
    .slice(1)
    .map((line) =>
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim().replaceAll('`', '')),
    );
}

/** The same rows from the rules (backticks aside, as `codeMapRows` reads them). */
export function codeMapOf(layers: readonly Layer[]): string[][] {
  return layers.map((layer) => [
    `${layer.folder}/`,
    layer.holds.replaceAll('`', ''),
    layer.mayImport.length === 0 ? 'nothing' : layer.mayImport.map((name) => (name.endsWith('.ts') ? name : `${name}/`)).join(', '),
  ]);
}
