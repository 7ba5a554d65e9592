import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';

/** Debian's chromium (`apt-get install -y chromium`); `BYOC_CHROMIUM` points elsewhere. Never a downloaded browser. */
export const chromiumPath = process.env.BYOC_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Whether the browser tests run here. Without chromium they skip and say so, unless
 * `BYOC_REQUIRE_BROWSER=1` (CI, after installing it), where a missing browser fails the run.
 */
export function browserAvailable(): boolean {
  if (existsSync(chromiumPath)) return true;
  if (process.env.BYOC_REQUIRE_BROWSER === '1') {
    throw new Error(`BYOC_REQUIRE_BROWSER=1 but there is no chromium at ${chromiumPath}; run apt-get install -y chromium.`);
  }
  console.warn(`Skipping the onboarding page's browser tests: no chromium at ${chromiumPath} (apt-get install -y chromium).`);
  return false;
}

/** Headless chromium as the machine allows it: no sandbox (root in a container), no GPU, no background traffic. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
}

/** Where screenshots of each step go (gitignored): `examples/vendor-backend/screenshots/`. */
export function screenshotFolder(): string {
  const folder = fileURLToPath(new URL('../../screenshots/', import.meta.url));
  mkdirSync(folder, { recursive: true });
  return folder;
}
