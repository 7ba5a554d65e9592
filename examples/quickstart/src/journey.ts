import type { Byoc, CustomCloud } from '@byoc-kit/core';
import type { CustomerAccount } from './simulated-account.js';

const elapsed = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

/** Resolves when the cloud reaches one of `states`, from the transitions this process stores. */
function reaching(byoc: Byoc, id: string, states: CustomCloud['state'][], timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`custom cloud ${id} did not reach ${states.join(' or ')} within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const off = byoc.on('transition', (event) => {
      if (event.cloudId === id && states.includes(event.to)) {
        clearTimeout(timer);
        off();
        resolve();
      }
    });
  });
}

/**
 * The AWS customer's journey past the template, with a worker in this process: the role comes back,
 * `submitAccess` answers at once, the worker verifies it (`validating` -> `creating`), the vendor's
 * control plane builds the cloud (`active`), a health check passes; then, in the simulation, the
 * customer deletes the role and the health monitor disconnects the cloud.
 */
export async function awsJourney(byoc: Byoc, cloud: CustomCloud, account: CustomerAccount): Promise<void> {
  const started = performance.now();
  const delivered = new Set<string>();
  const worker = await byoc.startWorker({
    concurrency: 4,
    sweepIntervalMs: 1_000,
    onTransition: (event) => {
      delivered.add(event.id);
      console.log(`    [${elapsed(started)}] onTransition ${event.id}: ${event.from} -> ${event.to} (${event.actor})`);
    },
  });
  // Before the worker stops: the last transition has reached onTransition too.
  const allDelivered = async () => {
    const { history } = await byoc.get(cloud.id);
    const until = performance.now() + 10_000;
    while (!delivered.has(`${cloud.id}/${history.length}`) && performance.now() < until)
      await new Promise((resolve) => setTimeout(resolve, 50));
  };
  try {
    const roleArn = account.roleArn(cloud.id);
    if (account.simulated) {
      console.log("  SIMULATION: STS is a loopback stand-in playing the customer's AWS account; no AWS account is used.");
    } else console.log(`  Real AWS: verifying ${roleArn} with the vendor's credentials.`);
    account.applyTemplate(roleArn, cloud.externalId);
    console.log(`  the customer applied the template and returns ${roleArn}`);

    const created = reaching(byoc, cloud.id, ['creating', 'draft']);
    const submittedAt = performance.now();
    const submitted = await byoc.submitAccess(cloud.id, roleArn);
    console.log(
      `  submitAccess answered in ${Math.round(performance.now() - submittedAt)} ms: ${submitted.state}; the worker verifies in the background`,
    );
    await created;
    const verified = await byoc.get(cloud.id);
    if (verified.state !== 'creating') {
      console.log(`  verification failed: ${verified.errors.map((error) => `${error.code}: ${error.message}`).join('; ')}`);
      process.exitCode = 1;
      return;
    }
    console.log(`  [${elapsed(started)}] verified: ${verified.state}`);
    const template = await byoc.templateStatus(cloud.id);
    console.log(
      `  template version ${template.applied}: ${template.upToDate ? 'up to date' : `${template.changes.length} change(s) to ${template.current}`} (byoc.templateStatus)`,
    );
    const active = await byoc.markActive(cloud.id, { actor: 'control-plane', reason: 'Nodes built.' });
    console.log(`  [${elapsed(started)}] the vendor's control plane built the cloud: ${active.state}`);
    const { report } = await byoc.checkHealth(cloud.id);
    console.log(`  [${elapsed(started)}] health check: ${report.ok ? 'passed' : `failed (${report.error?.code})`}`);
    for (const check of report.checks) console.log(`    ${check.ok ? 'ok  ' : 'FAIL'} ${check.id}: ${check.detail}`);
    if (!account.simulated) {
      console.log('  (with a real role the journey stops here: the quickstart does not delete your role)');
      await allDelivered();
      return;
    }
    const lost = reaching(byoc, cloud.id, ['disconnected']);
    account.deleteRole(roleArn);
    console.log(`  [${elapsed(started)}] SIMULATION: the customer deletes the role; the health monitor checks every few seconds`);
    await lost;
    const disconnected = await byoc.get(cloud.id);
    console.log(
      `  [${elapsed(started)}] ${disconnected.state} after ${disconnected.health?.consecutiveFailures} failed checks: ${disconnected.errors.map((error) => error.code).join(', ')}`,
    );
    await allDelivered();
  } finally {
    await worker.stop({ graceMs: 2_000 });
  }
}
