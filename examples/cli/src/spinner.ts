const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * Shows `label` with elapsed seconds on stderr while `work` runs: a spinner on a terminal, and a
 * start and an end line elsewhere (logs, CI), so scripts reading stdout are never disturbed.
 */
export async function withSpinner<T>(label: string, work: Promise<T>): Promise<T> {
  const started = Date.now();
  const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
  if (!process.stderr.isTTY) {
    process.stderr.write(`${label}...\n`);
    try {
      return await work;
    } finally {
      process.stderr.write(`${label}: done in ${seconds()} s\n`);
    }
  }
  let frame = 0;
  const timer = setInterval(() => {
    process.stderr.write(`\r${frames[frame++ % frames.length]} ${label} (${seconds()} s)`);
  }, 100);
  try {
    return await work;
  } finally {
    clearInterval(timer);
    process.stderr.write(`\r${label}: done in ${seconds()} s\n`);
  }
}
