import type { TransitionEvent, TransitionOutbox } from '@byoc-kit/core';
import { quoteIdentifier } from './postgres-migrations.js';
import type { Sql } from './postgres-pool.js';

/**
 * The outbox in PostgreSQL: events wait in `transition_events` (written in the transaction of the
 * update that made them) until a worker has handed them to `onTransition`, then go. A cloud's
 * delivery is taken with a lease row, claimed by one conditional upsert: one worker at a time,
 * and a dead worker's claim lapses.
 */
export function createPostgresOutbox(sql: Sql, schema: string): TransitionOutbox {
  const s = quoteIdentifier(schema);
  return {
    async pending(cloudId, options = {}) {
      const { rows } = await sql.query(
        'read undelivered transitions',
        `SELECT payload FROM ${s}.transition_events WHERE cloud_id = $1 ORDER BY sequence LIMIT $2`,
        [cloudId, options.limit ?? 100],
      );
      return rows.map((row) => (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as TransitionEvent);
    },
    async markDelivered(cloudId, eventIds) {
      await sql.query('mark transitions delivered', `DELETE FROM ${s}.transition_events WHERE cloud_id = $1 AND id = ANY($2::text[])`, [
        cloudId,
        [...eventIds],
      ]);
    },
    async pendingClouds({ olderThanMs, limit }) {
      const { rows } = await sql.query(
        'find clouds with undelivered transitions',
        `SELECT cloud_id FROM ${s}.transition_events
         WHERE recorded_at < now() - $1 * interval '1 millisecond'
         GROUP BY cloud_id ORDER BY min(recorded_at) LIMIT $2`,
        [olderThanMs, limit],
      );
      return rows.map((row) => String(row.cloud_id));
    },
    async claimDelivery(cloudId, holder, leaseMs) {
      const { rowCount } = await sql.query(
        'claim the delivery of transitions',
        `INSERT INTO ${s}.delivery_leases (cloud_id, holder, lease_until)
         VALUES ($1, $2, now() + $3 * interval '1 millisecond')
         ON CONFLICT (cloud_id) DO UPDATE SET holder = EXCLUDED.holder, lease_until = EXCLUDED.lease_until
         WHERE ${s}.delivery_leases.holder = EXCLUDED.holder OR ${s}.delivery_leases.lease_until < now()`,
        [cloudId, holder, leaseMs],
      );
      return rowCount === 1;
    },
    async releaseDelivery(cloudId, holder) {
      await sql.query('release the delivery of transitions', `DELETE FROM ${s}.delivery_leases WHERE cloud_id = $1 AND holder = $2`, [
        cloudId,
        holder,
      ]);
    },
  };
}
