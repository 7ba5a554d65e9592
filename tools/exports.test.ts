import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The published entry points of every package and the names each exports, values and types alike,
 * as TypeScript resolves them from the sources: moving a file must not add, drop or rename a
 * public name. `UPDATE_GOLDEN=1` writes `__golden__/exports.json` for review in the diff.
 */
const root = join(import.meta.dirname, '..');
const entries: Record<string, string> = {
  '@byoc-kit/core': 'packages/core/src/index.ts',
  '@byoc-kit/core/provider-utils': 'packages/core/src/provider-utils.ts',
  '@byoc-kit/core/testing': 'packages/core/src/testing/index.ts',
  '@byoc-kit/aws': 'packages/aws/src/index.ts',
  '@byoc-kit/aws/testing': 'packages/aws/src/testing.ts',
  '@byoc-kit/gcp': 'packages/gcp/src/index.ts',
  '@byoc-kit/azure': 'packages/azure/src/index.ts',
  '@byoc-kit/azure/testing': 'packages/azure/src/testing.ts',
  '@byoc-kit/azure-request': 'packages/azure-request/src/index.ts',
  '@byoc-kit/postgres': 'packages/postgres/src/index.ts',
};

function exportsOf(): Record<string, string[]> {
  const program = ts.createProgram(
    Object.values(entries).map((file) => join(root, file)),
    { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, noEmit: true },
  );
  const checker = program.getTypeChecker();
  return Object.fromEntries(
    Object.entries(entries).map(([name, file]) => {
      const source = program.getSourceFile(join(root, file));
      const symbol = source && checker.getSymbolAtLocation(source);
      if (symbol === undefined) throw new Error(`${file} is not a module`);
      const names = checker.getExportsOfModule(symbol).map((exported) => {
        const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
        return `${exported.name}${target.flags & ts.SymbolFlags.Value ? '' : ' (type)'}`;
      });
      return [name, names.sort()];
    }),
  );
}

describe('the public names of every package', () => {
  it('are those of __golden__/exports.json, entry point by entry point', { timeout: 60_000 }, () => {
    const golden = join(import.meta.dirname, '__golden__', 'exports.json');
    const actual = exportsOf();
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, `${JSON.stringify(actual, null, 2)}\n`);
    expect(existsSync(golden), `${golden} is missing; run with UPDATE_GOLDEN=1 and review the diff`).toBe(true);
    expect(actual).toEqual(JSON.parse(readFileSync(golden, 'utf8')));
    expect(actual['@byoc-kit/core']).toContain('createByoc');
    expect(actual['@byoc-kit/core']).toContain('Byoc (type)');
  });
});
