import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// The harness that runs the suite on another day (BYOC_TEST_CLOCK_OFFSET): each case starts a
// fresh Node process with the module imported, as NODE_OPTIONS does for the processes tests start.

const run = promisify(execFile);
const offsetModule = pathToFileURL(join(import.meta.dirname, 'clock-offset.mjs')).href;
const day = 86_400_000;

async function clockIn(offset: string | undefined) {
  const probe = `
    const before = performance.timeOrigin + performance.now();
    console.log(JSON.stringify({
      now: Date.now(),
      constructed: new Date().getTime(),
      real: before,
      fixed: new Date('2026-11-28T00:00:00.000Z').toISOString(),
      utc: Date.UTC(2026, 10, 28),
      parsed: Date.parse('2026-11-28T00:00:00.000Z'),
      isDate: new Date() instanceof Date,
      text: typeof Date(),
    }));`;
  const { BYOC_TEST_CLOCK_OFFSET: _, NODE_OPTIONS: __, ...environment } = process.env;
  const { stdout } = await run(process.execPath, [`--import=${offsetModule}`, '--input-type=module', '-e', probe], {
    env: offset === undefined ? environment : { ...environment, BYOC_TEST_CLOCK_OFFSET: offset },
  });
  return JSON.parse(stdout) as {
    now: number;
    constructed: number;
    real: number;
    fixed: string;
    utc: number;
    parsed: number;
    isDate: boolean;
    text: string;
  };
}

describe('tools/clock-offset.mjs', () => {
  it.each([
    ['+400d', 400 * day],
    ['-1d', -day],
    ['+36h', 36 * 3_600_000],
  ])('moves Date.now and new Date() by %s, and leaves dates built from a value alone', async (offset, shift) => {
    const clock = await clockIn(offset);
    // Within a minute of the real clock moved by the offset (every offset here is more than that).
    expect(Math.abs(clock.now - clock.real - shift)).toBeLessThan(60_000);
    expect(Math.abs(clock.constructed - clock.real - shift)).toBeLessThan(60_000);
    expect(clock).toMatchObject({
      fixed: '2026-11-28T00:00:00.000Z',
      utc: Date.UTC(2026, 10, 28),
      parsed: Date.UTC(2026, 10, 28),
      isDate: true,
      text: 'string',
    });
  });

  it('leaves the clock alone without an offset', async () => {
    const clock = await clockIn(undefined);
    expect(Math.abs(clock.now - clock.real)).toBeLessThan(60_000);
  });

  it('stops the process on an offset it cannot read, saying how to write one', async () => {
    const failed = await clockIn('next year').catch((error: { stderr: string }) => error.stderr);
    expect(failed).toContain('BYOC_TEST_CLOCK_OFFSET=next year is not an offset; write one such as +400d');
  });
});
