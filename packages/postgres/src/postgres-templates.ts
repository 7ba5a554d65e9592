import type { TemplateManifest, TemplateManifestStore } from '@byoc-kit/core';
import { quoteIdentifier } from './postgres-migrations.js';
import type { Sql } from './postgres-pool.js';

/**
 * Template manifests in PostgreSQL, one row per version. A version's manifest never changes, so a
 * second `put` of a version (another replica verifying a cloud at the same moment) changes nothing.
 */
export function createPostgresTemplates(sql: Sql, schema: string): TemplateManifestStore {
  const table = `${quoteIdentifier(schema)}.template_manifests`;
  return {
    async get(version) {
      const { rows } = await sql.query('read a template manifest', `SELECT manifest FROM ${table} WHERE version = $1`, [version]);
      const manifest = rows[0]?.manifest;
      if (manifest === undefined) return undefined;
      return (typeof manifest === 'string' ? JSON.parse(manifest) : manifest) as TemplateManifest;
    },
    async put(manifest) {
      await sql.query(
        'store a template manifest',
        `INSERT INTO ${table} (version, manifest) VALUES ($1, $2::jsonb) ON CONFLICT (version) DO NOTHING`,
        [manifest.version, JSON.stringify(manifest)],
      );
    },
  };
}
