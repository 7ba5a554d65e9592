import type { Byoc } from '@byoc-kit/core';
import type { Hono } from 'hono';
import type { Authenticate } from '../auth/authenticate.js';
import { authenticated, operatorOnly, type VendorEnv } from '../route-guards.js';
import { assetResponse, pageResponse, publicFiles, type StaticFile } from '../static-pages.js';
import type { StatusMetrics } from '../telemetry/status-metrics.js';
import { statusReport } from './status-report.js';

/** What the operators' status page reads. */
export interface StatusOptions {
  /** byoc-kit's metrics in this process (`startTelemetry(...).status`). */
  readonly metrics: StatusMetrics;
  /** How many of the newest failures it lists (default 25, at most 500). */
  readonly failures?: number;
  readonly now?: () => Date;
}

/** The status as JSON, for operator tokens only. */
export const statusApiPath = '/v1/byoc-kit/status';

/** The page: `/status`. */
export const statusPagePath = '/status';

const assets = publicFiles('status.js', 'status.css', 'page.css', 'favicon.svg');
const page = publicFiles('status.html')['status.html'] as StaticFile;

/**
 * The vendor's operators' page (not the customer's): clouds by state, queue health, verification
 * times, health check failures and cloud calls by outcome (throttling shown) from this process's
 * metrics, and the newest failed checks of every organization with what their codes mean and their
 * messages, from the store. The page is static and public; its one read asks for an operator
 * token (401 without one, 403 for an organization's token or an onboarding link).
 */
export function addStatus(app: Hono<VendorEnv>, byoc: Byoc, authenticate: Authenticate, options: StatusOptions): void {
  app.get(statusPagePath, (context) => pageResponse(context, page));
  app.get(`${statusPagePath}/assets/:file`, (context) => assetResponse(context, assets, context.req.param('file')));
  app.get(statusApiPath, authenticated(authenticate), operatorOnly, async (context) => {
    context.header('cache-control', 'no-store');
    return context.json(await statusReport(byoc, options.metrics, options));
  });
}
