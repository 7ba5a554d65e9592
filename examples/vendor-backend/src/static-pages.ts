import { readFileSync } from 'node:fs';
import type { Context } from 'hono';
import { httpError } from './http-errors.js';

// The backend's pages (the customer's onboarding page, the operators' status page) are static files
// in public/: no build step, no framework, nothing fetched from elsewhere.

const publicFolder = new URL('../public/', import.meta.url);

const types: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  html: 'text/html; charset=utf-8',
};

/** A file of public/, read once at start-up, with its content type. */
export interface StaticFile {
  readonly type: string;
  readonly body: string;
}

/** Reads files of public/ by name. */
export function publicFiles(...names: string[]): Record<string, StaticFile> {
  return Object.fromEntries(
    names.map((name) => [
      name,
      {
        type: types[name.split('.').at(-1) as string] ?? 'application/octet-stream',
        body: readFileSync(new URL(name, publicFolder), 'utf8'),
      },
    ]),
  );
}

// Scripts and styles from this origin only, and no inline ones: a display name or an error message is text, never markup.
const contentSecurityPolicy =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** A page: its HTML under the content security policy, with no Referer leaving it (a token may be in its fragment). */
export function pageResponse(context: Context, page: StaticFile): Response {
  context.header('content-security-policy', contentSecurityPolicy);
  context.header('x-content-type-options', 'nosniff');
  context.header('referrer-policy', 'no-referrer');
  return context.html(page.body);
}

/** One of a page's scripts, styles or images, by the name in its path; ROUTE_NOT_FOUND for another. */
export function assetResponse(context: Context, files: Record<string, StaticFile>, name: string): Response {
  const file = Object.hasOwn(files, name) ? files[name] : undefined;
  if (file === undefined) throw httpError('ROUTE_NOT_FOUND', `No asset ${name.slice(0, 64)}.`);
  context.header('content-type', file.type);
  context.header('x-content-type-options', 'nosniff');
  return context.body(file.body);
}
