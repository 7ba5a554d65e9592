import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { coreErrorCodes } from './error-codes.js';

/** Every code core raises or records is declared, with its meaning, in the one table. */
function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'testing' ? [] : sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('core error codes', () => {
  it('declares every code the sources use', () => {
    const used = new Set<string>();
    for (const file of sources(join(import.meta.dirname, '..'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\bcode: '([A-Z][A-Z0-9_]+)'/g)) used.add(match[1] as string);
    }
    expect(used.size).toBeGreaterThan(30);
    expect([...used].filter((code) => !(code in coreErrorCodes)).sort()).toEqual([]);
  });
});
