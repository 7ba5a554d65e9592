import { expect } from 'vitest';

/** Everything a run printed: console calls, process warnings and writes to stdout and stderr. */
export interface CapturedOutput {
  readonly lines: string[];
  /** Stops capturing and gives the streams back. */
  restore(): void;
}

/**
 * Captures what the process logs while secrets are in play, so a test can check that none of them
 * reached a log line: `console.*`, `process.emitWarning` and direct writes to stdout and stderr
 * (the writes still go through).
 */
export function captureOutput(): CapturedOutput {
  const lines: string[] = [];
  const record = (...values: unknown[]) =>
    lines.push(values.map((value) => (typeof value === 'string' ? value : safeJson(value))).join(' '));
  const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
  const originals = methods.map((method) => console[method]);
  for (const method of methods) console[method] = (...values: unknown[]) => record(...values);
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: unknown, ...rest: unknown[]) => record(warning, ...rest)) as typeof process.emitWarning;
  const writes = [process.stdout, process.stderr].map((stream) => {
    const write = stream.write.bind(stream);
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      record(String(chunk));
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    return { stream, write };
  });
  return {
    lines,
    restore() {
      methods.forEach((method, index) => {
        console[method] = originals[index] as (typeof console)[typeof method];
      });
      process.emitWarning = emitWarning;
      for (const { stream, write } of writes) stream.write = write as typeof stream.write;
    },
  };
}

/**
 * Asserts that no secret appears in any of the places given: messages, reports, stored records,
 * events, log lines. Each place is serialised whole (errors with their message, details and cause
 * chain), and each secret is also looked for in its common encodings (base64, URL, JSON escaping).
 */
export function expectNoSecrets(places: Readonly<Record<string, unknown>>, secrets: readonly string[]): void {
  const forms = secrets.flatMap((secret) => [
    secret,
    Buffer.from(secret).toString('base64'),
    encodeURIComponent(secret),
    JSON.stringify(secret).slice(1, -1),
  ]);
  for (const [name, value] of Object.entries(places)) {
    const text = typeof value === 'string' ? value : (safeJson(value) ?? '');
    for (const form of forms) {
      if (form.length >= 8 && text.includes(form)) {
        expect.fail(`A secret (${form.slice(0, 4)}…) appears in ${name}.`);
      }
    }
  }
}

/** JSON of anything, errors included (message, code, details and causes), cycles cut. */
function safeJson(value: unknown): string | undefined {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === 'bigint') return item.toString();
    if (typeof item !== 'object' || item === null) return item;
    if (seen.has(item)) return '[cycle]';
    seen.add(item);
    if (item instanceof Error) {
      return {
        name: item.name,
        message: item.message,
        stack: item.stack,
        ...(item as unknown as Record<string, unknown>),
        cause: item.cause,
      };
    }
    return item;
  });
}
