// Moves this process's wall clock by BYOC_TEST_CLOCK_OFFSET (`+400d`, `-1d`, `+36h`, `-90m`,
// or milliseconds), so a test whose verdict depends on the day it runs fails today rather than
// on a later day. Loaded by vitest as a setup file and, through NODE_OPTIONS=--import, by every
// Node process a test starts (the quickstart, the CLI, the backend, worker processes).
//
// Only `Date` moves: `new Date()` and `Date.now()` read the shifted time, while dates built from a
// value (`new Date(0)`, `Date.UTC(...)`, `Date.parse(...)`) mean what they say. Timers and
// `performance.now()` are untouched, so timeouts and deadlines behave as they do today. Terraform
// and PostgreSQL keep the machine's clock: a test that compares its own clock with theirs is a
// test of clock skew, and shows up here as well.

const offset = parseOffset(process.env.BYOC_TEST_CLOCK_OFFSET);

if (offset !== 0 && globalThis.Date.byocClockOffset === undefined) {
  const RealDate = globalThis.Date;
  const shiftedNow = () => RealDate.now() + offset;
  function ShiftedDate(...values) {
    if (new.target === undefined) return new RealDate(shiftedNow()).toString();
    return Reflect.construct(RealDate, values.length === 0 ? [shiftedNow()] : values, new.target);
  }
  Object.defineProperties(ShiftedDate, {
    prototype: { value: RealDate.prototype, writable: false },
    now: { value: shiftedNow, writable: true, configurable: true },
    parse: { value: RealDate.parse, writable: true, configurable: true },
    UTC: { value: RealDate.UTC, writable: true, configurable: true },
    byocClockOffset: { value: offset },
  });
  globalThis.Date = ShiftedDate;
}

/** `+400d` -> 400 days in milliseconds; unset or empty -> 0; anything else stops the run. */
function parseOffset(text) {
  if (text === undefined || text.trim() === '') return 0;
  const match = /^([+-]?)(\d+)(ms|s|m|h|d)?$/.exec(text.trim());
  if (match === null) {
    throw new Error(`BYOC_TEST_CLOCK_OFFSET=${text} is not an offset; write one such as +400d, -1d, +36h or -5000.`);
  }
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[3] ?? 'ms'];
  return (match[1] === '-' ? -1 : 1) * Number(match[2]) * unit;
}
