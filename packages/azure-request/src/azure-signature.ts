import { createHmac, timingSafeEqual } from 'node:crypto';
import { ByocError } from '@byoc-kit/core';

/** The header carrying byoc-kit's webhook signatures: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export const signatureHeader = 'x-byoc-signature';

/** Signs a body: HMAC-SHA256 over `<timestamp>.<body>`, so the timestamp cannot be changed. */
export function signBody(body: string, secret: string, timestampSeconds: number): string {
  const digest = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${digest}`;
}

/**
 * Checks a signed body: the header parses, the HMAC matches (compared in constant time), and the
 * timestamp is within `toleranceMs` of now. Returns the signature's digest, for replay checks.
 */
export function verifySignedBody(body: string, header: unknown, secret: string, options: { nowMs: number; toleranceMs: number }): string {
  const parts =
    typeof header === 'string' ? Object.fromEntries(header.split(',').map((part) => part.trim().split('=', 2) as [string, string])) : {};
  const timestamp = Number(parts.t);
  const digest = parts.v1;
  if (!Number.isInteger(timestamp) || typeof digest !== 'string' || !/^[0-9a-f]{64}$/.test(digest)) {
    throw new ByocError({
      code: 'WEBHOOK_SIGNATURE_INVALID',
      message: `The ${signatureHeader} header is missing or malformed; it must read t=<unix seconds>,v1=<hex HMAC-SHA256>.`,
    });
  }
  const expected = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest();
  if (!timingSafeEqual(expected, Buffer.from(digest, 'hex'))) {
    throw new ByocError({
      code: 'WEBHOOK_SIGNATURE_INVALID',
      message:
        'The status update signature does not match its body: check the shared secret, and that the body is passed exactly as received.',
    });
  }
  const ageMs = Math.abs(options.nowMs - timestamp * 1000);
  if (ageMs > options.toleranceMs) {
    throw new ByocError({
      code: 'WEBHOOK_SIGNATURE_STALE',
      message: `The status update was signed ${Math.round(ageMs / 1000)} s from now; at most ${Math.round(options.toleranceMs / 1000)} s are accepted. Check the sender's clock, and send a fresh update.`,
      details: { ageMs },
    });
  }
  return digest;
}
