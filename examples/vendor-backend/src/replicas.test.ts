import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { type StsStandIn, startStsStandIn } from '@byoc-kit/aws/testing';
import type { WireDocument } from '@byoc-kit/core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusReport } from './status/status-report.js';
import { type OtlpCollector, startOtlpCollector } from './telemetry/otlp-collector.js';

/**
 * The reference deployment: two replicas of `main.ts`, two ports, one PostgreSQL database, both
 * exporting OpenTelemetry to one collector. One cloud is driven through both, alternately, and
 * each sees what the other wrote; the trace of a provision crosses from one to the other. Needs
 * `BYOC_POSTGRES_URL` (`.ci/run` starts a server); `BYOC_REQUIRE_POSTGRES=1` makes its absence fail.
 */
const postgresUrl = process.env.BYOC_POSTGRES_URL;
if (!postgresUrl) {
  if (process.env.BYOC_REQUIRE_POSTGRES === '1') throw new Error('BYOC_REQUIRE_POSTGRES=1 but BYOC_POSTGRES_URL is unset.');
  console.warn('BYOC_POSTGRES_URL is unset: the two-replica test of the vendor backend is skipped.');
}

/** The answers the test reads. */
type Answer = WireDocument & { custom_cloud_environments: WireDocument['custom_cloud_environment'][] };

interface Replica {
  readonly origin: string;
  readonly process: ChildProcess;
}

const organization = 'org-replicas';
const roleArn = 'arn:aws:iam::123456789012:role/replicas-iam-role';

describe.skipIf(!postgresUrl)('two replicas of the vendor backend on one database', () => {
  const schema = `byoc_replicas_${randomBytes(4).toString('hex')}`;
  let sts: StsStandIn;
  let collector: OtlpCollector;
  let replicas: Replica[] = [];
  let token = '';
  let operatorToken = '';

  beforeAll(async () => {
    sts = await startStsStandIn();
    collector = await startOtlpCollector();
    // The first replica migrates the schema; the second then starts on it.
    replicas = [await startReplica(schema, sts.url, collector.endpoint, 'replica-a')];
    replicas.push(await startReplica(schema, sts.url, collector.endpoint, 'replica-b'));
    // Tokens as the vendor makes them, with the CLI, on the replicas' database.
    token = (await tokens(schema, 'create', '--organization', organization, '--name', 'replicas test')).split('\n')[0] as string;
    operatorToken = (await tokens(schema, 'create-operator', '--name', 'on-call')).split('\n')[0] as string;
  }, 60_000);

  afterAll(async () => {
    await Promise.all(replicas.map(stopReplica));
    await sts?.close();
    await collector?.close();
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.query(`DROP SCHEMA IF EXISTS "${schema}_jobs" CASCADE`);
    await client.query(`DROP SCHEMA IF EXISTS "${schema}_auth" CASCADE`);
    await client.end();
  });

  const call = async (replica: Replica | undefined, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${replica?.origin}/v1/organization/${organization}/custom-cloud-environments${path}`, {
      method,
      headers: {
        'content-type': body === undefined ? 'application/octet-stream' : 'application/json',
        authorization: `aivenv1 ${token}`,
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, etag: response.headers.get('etag'), body: (await response.json()) as Answer };
  };

  it('serves one cloud consistently through both', async () => {
    const [a, b] = replicas;
    const created = await call(a, 'POST', '', {
      cloud_provider: 'aws',
      cloud_region: 'eu-west-1',
      deployment_model: 'standard',
      display_name: 'Through two replicas',
      reserved_cidr: '10.20.0.0/16',
      contact_emails: [{ email: 'ops@example.com', real_name: 'Ops', role: 'Admin' }],
    });
    expect(created.status).toBe(201);
    const id = created.body.custom_cloud_environment.custom_cloud_environment_id as string;

    const tagged = await call(b, 'PUT', `/${id}`, { tags: { 'byoc_resource_tag:env': 'prod' } }, { 'if-match': created.etag ?? '' });
    expect(tagged.status).toBe(200);
    expect((await call(a, 'PUT', `/${id}`, {})).body.custom_cloud_environment.tags).toEqual({ 'byoc_resource_tag:env': 'prod' });

    // Both replicas take a write pinned to the same version: one wins, the other is told to re-read.
    const racing = await Promise.all(
      [a, b].map((replica, index) =>
        call(replica, 'PUT', `/${id}`, { display_name: `Renamed by ${index}` }, { 'if-match': tagged.etag ?? '' }),
      ),
    );
    expect(racing.map((answer) => answer.status).sort()).toEqual([200, 412]);

    expect((await call(a, 'PUT', `/${id}/permissions`, { accounts: ['a1'], projects: ['web'] })).status).toBe(200);
    expect((await call(b, 'GET', `/${id}/permissions`)).body).toEqual({ accounts: ['a1'], projects: ['web'], all_projects: false });

    expect((await call(b, 'POST', `/${id}/provision`, { aws_iam_role_arn: roleArn })).body.custom_cloud_environment.state).toBe(
      'validating',
    );
    // Either replica's worker verifies the role; both then read the cloud as creating.
    const deadline = Date.now() + 30_000;
    let state = '';
    while (state !== 'creating' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      state = (await call(a, 'PUT', `/${id}`, {})).body.custom_cloud_environment.state;
    }
    expect(state).toBe('creating');
    expect(sts.calls.filter((stsCall) => stsCall.action === 'AssumeRole' && stsCall.status === 200).length).toBeGreaterThan(0);
    const listed = await Promise.all([a, b].map(async (replica) => (await call(replica, 'GET', '')).body.custom_cloud_environments));
    expect(listed[0]).toEqual(listed[1]);
    expect(listed[0]).toHaveLength(1);
  }, 60_000);

  it("exports one provision's trace across the replicas over OTLP, and both status pages read the database's counts", async () => {
    const provision = await waitFor(() =>
      collector.spans().find((span) => span.name === 'POST /v1/organization/:organizationId/custom-cloud-environments/:id/provision'),
    );
    expect(provision).toMatchObject({ service: 'replica-b', attributes: { 'http.response.status_code': 200 } });
    // Whichever replica's worker took the job, its span links to the request on replica-b.
    const job = await waitFor(() =>
      collector.spans().find((span) => span.name === 'byoc.job' && span.links.some((link) => link.spanId === provision.spanId)),
    );
    expect(job.attributes).toMatchObject({ 'messaging.system': 'pg-boss', 'messaging.destination.name': 'byoc-verify' });
    const verify = await waitFor(() => collector.spans().find((span) => span.name === 'byoc.verify' && span.parentSpanId === job.spanId));
    expect(verify.attributes).toMatchObject({ 'byoc.provider': 'aws', 'byoc.outcome': 'ok' });
    expect(collector.spans().some((span) => span.name === 'STS/AssumeRole' && span.traceId === verify.traceId)).toBe(true);
    await waitFor(() =>
      collector
        .points()
        .find((point) => point.name === 'byoc.clouds' && point.attributes['byoc.state'] === 'creating' && point.value === 1),
    );

    for (const replica of replicas) {
      const response = await fetch(`${replica.origin}/v1/byoc-kit/status`, { headers: { authorization: `Bearer ${operatorToken}` } });
      expect(response.status).toBe(200);
      const status = (await response.json()) as StatusReport;
      expect(status.clouds).toMatchObject({ creating: 1, draft: 0 });
      expect(status.queues.map((queue) => queue.name)).toContain('byoc-verify');
    }
    const refused = await fetch(`${replicas[0]?.origin}/v1/byoc-kit/status`, { headers: { authorization: `Bearer ${token}` } });
    expect(refused.status).toBe(403);
  }, 30_000);

  it('stops the tokens of a deleted organization in every replica at once', async () => {
    expect(token).toMatch(/^byoc_[0-9a-f]{16}_[0-9a-f]{64}$/);
    expect(await tokens(schema, 'list', '--organization', organization)).toContain('replicas test');
    for (const replica of replicas) expect((await call(replica, 'GET', '')).status).toBe(200);
    expect(await tokens(schema, 'delete-organization', organization)).toContain(`1 token(s) no longer act for ${organization}`);
    for (const replica of replicas) {
      const refused = await call(replica, 'GET', '');
      expect(refused.status).toBe(401);
      // An operator token belongs to no organization: it keeps working.
      const status = await fetch(`${replica.origin}/v1/byoc-kit/status`, { headers: { authorization: `Bearer ${operatorToken}` } });
      expect(status.status).toBe(200);
    }
    expect(await tokens(schema, 'list')).toMatch(/\(operator\)\s+on-call/);
  });
});

/** The tokens CLI on the replicas' database; its standard output. */
async function tokens(schema: string, ...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', new URL('./tokens.ts', import.meta.url).pathname, ...args],
    {
      env: { ...process.env, BYOC_POSTGRES_SCHEMA: schema },
    },
  );
  return stdout;
}

/** Polls until `find` finds, for 20 s. */
async function waitFor<T>(find: () => T | undefined): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('not exported within 20 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function startReplica(schema: string, stsUrl: string, otlpEndpoint: string, serviceName: string): Promise<Replica> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./main.ts', import.meta.url).pathname], {
    env: {
      ...process.env,
      PORT: '0',
      BYOC_POSTGRES_SCHEMA: schema,
      BYOC_AWS_VENDOR_PRINCIPAL_ARN: 'arn:aws:iam::111122223333:role/vendor',
      AWS_ENDPOINT_URL_STS: stsUrl,
      AWS_ENDPOINT_URL_IAM: stsUrl,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIAVENDORREPLICA000',
      AWS_SECRET_ACCESS_KEY: 'vendor-secret-for-the-stand-in',
      AWS_EC2_METADATA_DISABLED: 'true',
      OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint,
      OTEL_SERVICE_NAME: serviceName,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      OTEL_METRIC_EXPORT_INTERVAL: '300',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      const origin = /on (http:\/\/127\.0\.0\.1:\d+)\//.exec(output)?.[1];
      if (origin) resolve({ origin, process: child });
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', (code) => reject(new Error(`the replica exited (${code}) before it listened:\n${output.slice(-2000)}`)));
  });
}

function stopReplica(replica: Replica): Promise<void> {
  return new Promise((resolve) => {
    if (replica.process.exitCode !== null) return resolve();
    replica.process.once('exit', () => resolve());
    replica.process.kill('SIGTERM');
  });
}
