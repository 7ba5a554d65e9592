import type { Context } from 'hono';
import { httpError } from './http-errors.js';

/** The largest request body the routes read. */
export const maximumBodyBytes = 1024 * 1024;

/**
 * The JSON body of a request that carries one (create, update, provision, permissions). Aiven's
 * CLI sends `content-type: application/json` with `json.dumps` of the body; anything else is
 * refused before it is parsed.
 */
export async function jsonBody(context: Context): Promise<unknown> {
  const type = context.req.header('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) throw httpError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
  const text = await context.req.text();
  if (Buffer.byteLength(text) > maximumBodyBytes) throw httpError('BODY_TOO_LARGE', 'The body is larger than 1 MiB.');
  try {
    return JSON.parse(text);
  } catch {
    throw httpError('INPUT_INVALID', 'The body is not valid JSON; send one JSON object.');
  }
}
