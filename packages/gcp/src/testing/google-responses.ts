import { HttpResponse, http } from 'msw';

// Bodies shaped like Google's: IAM Credentials generateAccessToken, IAM v1 projects.serviceAccounts.get,
// Resource Manager v1 testIamPermissions and projects.get, and Google's error JSON.

/** Google's error JSON. */
export function googleError(code: number, status: string, message: string, details: object[] = []) {
  return HttpResponse.json({ error: { code, message, status, ...(details.length > 0 ? { details } : {}) } }, { status: code });
}

export const googleErrors = {
  impersonationDenied: () =>
    googleError(403, 'PERMISSION_DENIED', "Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist).", [
      {
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: 'IAM_PERMISSION_DENIED',
        domain: 'iam.googleapis.com',
        metadata: { permission: 'iam.serviceAccounts.getAccessToken' },
      },
    ]),
  permissionDenied: () => googleError(403, 'PERMISSION_DENIED', 'The caller does not have permission'),
  notFound: () => googleError(404, 'NOT_FOUND', 'Requested entity was not found.'),
  unavailable: () => googleError(503, 'UNAVAILABLE', 'The service is currently unavailable.'),
  unauthenticated: () =>
    googleError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials. Expected OAuth 2 access token.'),
};

/** One request the fake Google saw: what was called, with which bearer token, and the JSON body. */
export interface GoogleCall {
  readonly api: 'generateAccessToken' | 'getServiceAccount' | 'testIamPermissions' | 'getProject';
  readonly url: string;
  readonly token: string | undefined;
  readonly body: Record<string, unknown> | undefined;
  /** The `X-Goog-Request-Reason` header, when sent. */
  readonly reason?: string | undefined;
}

/** Handlers for the four endpoints, each answering through `respond`. */
export function googleHandlers(respond: (call: GoogleCall) => Response | Promise<Response>) {
  const record =
    (api: GoogleCall['api']) =>
    async ({ request }: { request: Request }) => {
      const text = await request.text();
      const token = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
      return respond({
        api,
        url: request.url,
        token,
        body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
        reason: request.headers.get('x-goog-request-reason') ?? undefined,
      });
    };
  return [
    http.post('https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/:email', record('generateAccessToken')),
    http.get('https://iam.googleapis.com/v1/projects/:project/serviceAccounts/:email', record('getServiceAccount')),
    http.post('https://cloudresourcemanager.googleapis.com/v1/projects/:project', record('testIamPermissions')),
    http.get('https://cloudresourcemanager.googleapis.com/v1/projects/:project', record('getProject')),
  ];
}

export const impersonatedToken = 'ya29.c.b0AXv0zTImpersonatedExample';

export function accessTokenResponse() {
  return HttpResponse.json({ accessToken: impersonatedToken, expireTime: '2026-11-22T15:00:00Z' });
}

export function projectResponse(projectId: string, lifecycleState = 'ACTIVE') {
  return HttpResponse.json({
    projectNumber: '415104041262',
    projectId,
    lifecycleState,
    name: projectId,
    createTime: '2024-01-01T00:00:00.000Z',
    parent: { type: 'organization', id: '123456789012' },
  });
}

/**
 * IAM's ServiceAccount, as `projects.serviceAccounts.get` answers, for the account in the call's URL.
 * `description` as the template writes it: bound to `externalId` (undefined: no binding; null: no
 * description at all, which Google leaves out of the body).
 */
export function serviceAccountResponse(call: Pick<GoogleCall, 'url'>, externalId: string | undefined | null) {
  const [, projectId, email] = /\/projects\/([^/]+)\/serviceAccounts\/([^/?]+)/.exec(call.url) ?? [];
  const address = decodeURIComponent(email ?? '');
  const description =
    externalId === null
      ? undefined
      : `${externalId === undefined ? '' : `byoc-binding:${externalId} `}Impersonated by the vendor to run custom cloud 5f1d2c3a: Acme`;
  return HttpResponse.json({
    name: `projects/${projectId}/serviceAccounts/${address}`,
    projectId,
    uniqueId: '112233445566778899001',
    email: address,
    displayName: 'Vendor access to custom cloud 5f1d2c3a',
    etag: 'MDEwMjE5MjA=',
    ...(description === undefined ? {} : { description }),
    oauth2ClientId: '112233445566778899001',
  });
}
