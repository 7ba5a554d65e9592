import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { TemplateFile } from '../provider/index.js';

/**
 * Compares files with the golden copies in `folder`; with `UPDATE_GOLDEN=1` it writes them first,
 * for review in the diff. A missing golden file fails the test with the way to create it.
 */
export function expectGoldenFiles(folder: string, files: readonly TemplateFile[]): void {
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(folder, { recursive: true });
    for (const file of files) writeFileSync(join(folder, file.path), file.contents);
  }
  for (const file of files) {
    const golden = join(folder, file.path);
    expect(existsSync(golden), `${golden} is missing; run the tests with UPDATE_GOLDEN=1 and review the diff`).toBe(true);
    expect(file.contents, golden).toBe(readFileSync(golden, 'utf8'));
  }
}
