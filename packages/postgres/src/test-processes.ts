import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TransitionEvent } from '@byoc-kit/core';

/**
 * The AWS settings of every process of a test: STS on the loopback stand-in, deadlines short enough
 * for a denied role to give up quickly, long enough for a good one on a loaded machine (the tests run
 * beside terraform and other worker processes), and shorter than the workers' 8 s verification lease.
 */
export const testAwsSettings = {
  vendorPrincipalArn: 'arn:aws:iam::111122223333:role/vendor',
  stsRegion: 'us-east-1',
  requestTimeoutMs: 3_000,
  retry: { initialDelayMs: 100, maxDelayMs: 400, deadlineMs: 6_000 },
};

/** One delivery the vendor's endpoint received. */
export interface Delivery {
  readonly worker: string;
  readonly event: TransitionEvent;
}

/** The vendor's endpoint that onTransition posts to, on loopback; it records every delivery. */
export async function startSink(): Promise<{ url: string; deliveries: Delivery[]; close(): Promise<void> }> {
  const deliveries: Delivery[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      deliveries.push(JSON.parse(body) as Delivery);
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/transitions`,
    deliveries,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Starts a worker process (test-worker-process.ts under tsx) and resolves once it is ready. */
export function spawnWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BYOC_WORKER_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      '--import',
      'tsx',
      new URL('./test-worker-process.ts', import.meta.url).pathname,
    ],
    {
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: 'AKIAVENDOREXAMPLE000',
        AWS_SECRET_ACCESS_KEY: 'vendor-secret-for-the-stand-in',
        AWS_EC2_METADATA_DISABLED: 'true',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready')) resolve(child);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', (code) => reject(new Error(`the worker exited (${code}) before it was ready:\n${output.slice(-2000)}`)));
  });
}
