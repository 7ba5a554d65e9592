import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AwsProviderSettings, createAwsProvider } from '@byoc-kit/aws';
import { type StsStandIn, startStsStandIn } from '@byoc-kit/aws/testing';
import { createAzureProvider } from '@byoc-kit/azure';
import type { ArmStandIn } from '@byoc-kit/azure/testing';
import {
  type Byoc,
  type ByocWorker,
  type CustomCloudStore,
  createByoc,
  createMemoryStore,
  type RegistrationSettings,
} from '@byoc-kit/core';
import { createGcpProvider } from '@byoc-kit/gcp';
import { createAdaptorServer } from '@hono/node-server';
import type { Hono } from 'hono';
import { type ApiTokenStore, createApiToken, createMemoryTokenStore, createOperatorToken } from './auth/api-tokens.js';
import { type Authenticate, createTokenAuthenticator } from './auth/authenticate.js';
import { createOnboardingLinks, type OnboardingLinks } from './auth/onboarding-links.js';
import type { RateLimiter, RateLimitSettings } from './auth/rate-limit.js';
import type { VendorEnv } from './route-guards.js';
import { createVendorApp } from './routes.js';
import { createVendorServer } from './server.js';
import type { StatusOptions } from './status/status-routes.js';

/** The organization the tests act for, as Aiven's CLI examples name it. */
export const testOrganization = 'org123a456b789';

/** A backend of the tests: the routes on a memory store, AWS behind a loopback STS, GCP (templates only), a worker. */
export interface TestBackend {
  readonly byoc: Byoc;
  readonly store: CustomCloudStore;
  readonly app: Hono<VendorEnv>;
  /** The API tokens the routes accept. */
  readonly tokens: ApiTokenStore;
  /** A token of `testOrganization`, as `avn --auth-token` would send it. */
  readonly token: string;
  /** A token of the vendor's operators (the status page). */
  readonly operatorToken: string;
  /** A fresh token of these organizations. */
  tokenFor(...organizationIds: string[]): Promise<string>;
  /** Onboarding links signed by the backend's secret, on the backend's clock (`clock.advance`). */
  readonly links: OnboardingLinks;
  /** The links' clock, in ms: tests move it to expire a link. */
  readonly clock: { now: number };
  readonly sts: StsStandIn;
  /** `http://127.0.0.1:<port>` of the listening server. */
  readonly origin: string;
  /** Unexpected (non-ByocError) errors the routes met. */
  readonly unexpected: unknown[];
  close(): Promise<void>;
}

/** Options of `startTestBackend`. */
export interface TestBackendOptions {
  /** Sees every request the listening server gets, and answers it (by calling `answer`, or not). */
  intercept?: (request: Request, answer: (request: Request) => Response | Promise<Response>) => Promise<Response>;
  /** More AWS settings (a hosted template URL, self-registration). */
  aws?: Partial<AwsProviderSettings>;
  /** Self-registration tokens. */
  registration?: RegistrationSettings;
  /** Replaces the token authentication. */
  authenticate?: Authenticate;
  /** Rate limits; default: the backend's defaults. */
  rateLimit?: RateLimiter | RateLimitSettings;
  /** Serves the operators' status page on these metrics. */
  status?: StatusOptions;
  /** Offers Azure through Lighthouse, its ARM on this stand-in (the vendor's tenant `testVendorTenantId`). */
  azure?: ArmStandIn;
}

/** The vendor's tenant and principal of the test backend's Azure provider. */
export const testVendorTenantId = '11111111-2222-4333-8444-555555555555';
export const testVendorPrincipalId = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';

/** The secret the test backend signs onboarding links with. */
export const testOnboardingSecret = 'onboarding-link-secret-of-the-test-backend-0123456789';

/**
 * Starts one. Roles of the STS stand-in trust the first external ID presented to them (the
 * customer applied that cloud's template); `sts.role(arn).deny()` and the like change that.
 */
export async function startTestBackend(options: TestBackendOptions = {}): Promise<TestBackend> {
  const sts = await startStsStandIn();
  process.env.AWS_ENDPOINT_URL_STS = sts.url;
  process.env.AWS_ENDPOINT_URL_IAM = sts.url;
  process.env.AWS_ACCESS_KEY_ID = 'AKIAVENDORBACKENDTST';
  process.env.AWS_SECRET_ACCESS_KEY = 'vendor-backend-test-secret';
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  const store = createMemoryStore();
  const aws = createAwsProvider({
    vendorPrincipalArn: 'arn:aws:iam::111122223333:role/vendor',
    retry: { deadlineMs: 1_500, initialDelayMs: 50, maxDelayMs: 200 },
    ...options.aws,
  });
  const gcp = createGcpProvider({ vendorPrincipal: 'byoc-vendor@vendor-project.iam.gserviceaccount.com' });
  const arm = options.azure;
  const azure = arm
    ? [
        createAzureProvider({
          managingTenantId: testVendorTenantId,
          vendorPrincipalId: testVendorPrincipalId,
          armEndpoint: arm.url,
          credential: { getToken: async () => ({ token: arm.token }) },
          retry: { initialDelayMs: 50, maxDelayMs: 200, deadlineMs: 1_500 },
        }),
      ]
    : [];
  const providers = [aws, gcp, ...azure];
  const byoc = createByoc({ providers, store, ...(options.registration ? { registration: options.registration } : {}) });
  const worker: ByocWorker = await byoc.startWorker();
  const unexpected: unknown[] = [];
  const tokens = createMemoryTokenStore();
  const clock = { now: Date.now() };
  const links = createOnboardingLinks({ secrets: [testOnboardingSecret], now: () => clock.now });
  const tokenFor = async (...organizationIds: string[]) => (await createApiToken(tokens, { organizationIds })).token;
  const appOptions = {
    authenticate: options.authenticate ?? createTokenAuthenticator({ tokens, onboardingLinks: links }),
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    onUnexpectedError: (error: unknown) => unexpected.push(error),
    onboarding: { providers },
    ...(options.status ? { status: options.status } : {}),
  };
  const app = createVendorApp(byoc, appOptions);
  const intercept = options.intercept;
  const server: Server = intercept
    ? (createAdaptorServer({ fetch: (request: Request) => intercept(request, app.fetch) }) as Server)
    : createVendorServer(byoc, appOptions);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    byoc,
    store,
    app,
    tokens,
    token: await tokenFor(testOrganization),
    operatorToken: (await createOperatorToken(tokens, { name: 'on-call' })).token,
    tokenFor,
    links,
    clock,
    sts,
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    unexpected,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await worker.stop({ graceMs: 1_000 });
      await sts.close();
    },
  };
}

/** A route's answer in a test: its status, headers and text, and the text read as JSON. */
export interface RouteAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  json(): ReturnType<typeof JSON.parse>;
}

/** Calls a route of the backend's app as a client does: a JSON body and an Authorization header when given. */
export async function callRoute(
  backend: TestBackend,
  method: string,
  path: string,
  { body, authorization }: { body?: unknown; authorization?: string } = {},
): Promise<RouteAnswer> {
  const response = await backend.app.request(path, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(authorization === undefined ? {} : { authorization }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
}

/** Polls until `check` returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
