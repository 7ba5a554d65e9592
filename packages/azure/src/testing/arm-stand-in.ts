import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A delegation as the stand-in keeps it: a registration definition and its assignment. */
interface Delegation {
  readonly assignmentName: string;
  readonly definitionName: string;
  readonly definition: Record<string, unknown>;
  provisioningState: string;
}

interface Subscription {
  readonly tenantId: string;
  state: string;
  readonly delegations: Delegation[];
  readonly resourceGroups: Map<string, { location: string; tags: Record<string, string> }>;
  /** List calls still to answer as before the delegation showed (Lighthouse propagation). */
  hiddenFor: number;
}

/** An error the stand-in answers with next, for a path containing `match`. */
export interface ArmFault {
  readonly status: number;
  readonly code: string;
  readonly message?: string;
  readonly retryAfterSeconds?: number;
}

/**
 * A loopback Azure Resource Manager for tests, answering the reads byoc-kit's Azure verification
 * makes in ARM's own shapes: registration assignments (definitions expanded), a subscription, a
 * resource group, and ARM's errors (`{ error: { code, message } }`: 401 InvalidAuthenticationToken,
 * 403 AuthorizationFailed, 404 SubscriptionNotFound / ResourceGroupNotFound, 429 with Retry-After).
 * `deploy` plays the customer's `az deployment sub create` of a generated azuredeploy.json.
 */
export interface ArmStandIn {
  /** `http://127.0.0.1:<port>`: the provider's `armEndpoint`. */
  readonly url: string;
  /** The bearer token it accepts; any other is a 401. */
  readonly token: string;
  /** Every request: method, path and query, status, the api-version asked for. */
  readonly calls: { method: string; path: string; status: number; apiVersion: string | null }[];
  /** A subscription of a customer's tenant. */
  subscription(subscriptionId: string, tenantId: string, state?: string): void;
  /** What deploying the template at subscription scope creates: the delegation (if its tenant is the vendor's, visible to it) and the resource group. */
  deploy(subscriptionId: string, template: unknown): void;
  /** The next `count` lists of the subscription's assignments answer as if the delegation were still propagating (403). */
  propagating(subscriptionId: string, count: number): void;
  /** The customer removes every delegation of the subscription. */
  removeDelegations(subscriptionId: string): void;
  /** Changes a delegation's definition as a customer editing the template would. */
  editDefinitions(subscriptionId: string, edit: (properties: Record<string, unknown>) => void): void;
  /** Answers the next requests whose path contains `match` with these errors, one each. */
  fail(match: string, ...faults: ArmFault[]): void;
  /** Forgets the errors `fail` queued and not yet answered. */
  clearFaults(): void;
  close(): Promise<void>;
}

const guidIn = (text: string) => /^\/subscriptions\/([0-9a-f-]{36})(\/.*)?$/i.exec(text);

export async function startArmStandIn(options: { vendorTenantId: string }): Promise<ArmStandIn> {
  const token = `arm-stand-in-token-${randomUUID()}`;
  const subscriptions = new Map<string, Subscription>();
  const faults: { match: string; fault: ArmFault }[] = [];
  const calls: ArmStandIn['calls'] = [];
  const vendorTenant = options.vendorTenantId.toLowerCase();

  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      calls.push({ method: request.method ?? 'GET', path: url.pathname, status, apiVersion: url.searchParams.get('api-version') });
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-ms-request-id': randomUUID(), ...headers });
      response.end(JSON.stringify(body));
    };
    const error = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
      answer(status, { error: { code, message } }, headers);
    if (request.headers.authorization !== `Bearer ${token}`) {
      return error(401, 'InvalidAuthenticationToken', 'The access token is invalid.');
    }
    const faulted = faults.findIndex((each) => url.pathname.includes(each.match));
    if (faulted >= 0) {
      const { fault } = faults.splice(faulted, 1)[0] as { fault: ArmFault };
      return error(
        fault.status,
        fault.code,
        fault.message ?? `${fault.code} from the stand-in.`,
        fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) },
      );
    }
    const match = guidIn(url.pathname);
    const subscriptionId = match?.[1]?.toLowerCase() ?? '';
    const rest = match?.[2] ?? '';
    const subscription = subscriptions.get(subscriptionId);
    if (request.method !== 'GET' || match === null) return error(404, 'NotFound', `No route ${request.method} ${url.pathname}.`);
    if (subscription === undefined) return error(404, 'SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`);
    const delegated = subscription.delegations.some(
      (delegation) => String(delegation.definition.managedByTenantId).toLowerCase() === vendorTenant,
    );
    const denied = () =>
      error(
        403,
        'AuthorizationFailed',
        `The client 'byoc-vendor' with object id '${randomUUID()}' does not have authorization to perform action 'Microsoft.ManagedServices/registrationAssignments/read' over scope '/subscriptions/${subscriptionId}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
      );
    if (rest === '/providers/Microsoft.ManagedServices/registrationAssignments') {
      if (subscription.hiddenFor > 0) {
        subscription.hiddenFor--;
        return denied();
      }
      if (!delegated) return denied();
      const expand = url.searchParams.get('$expandRegistrationDefinition') === 'true';
      return answer(200, {
        value: subscription.delegations.map((delegation) => ({
          id: `/subscriptions/${subscriptionId}/providers/Microsoft.ManagedServices/registrationAssignments/${delegation.assignmentName}`,
          type: 'Microsoft.ManagedServices/registrationAssignments',
          name: delegation.assignmentName,
          properties: {
            registrationDefinitionId: `/subscriptions/${subscriptionId}/providers/Microsoft.ManagedServices/registrationDefinitions/${delegation.definitionName}`,
            provisioningState: delegation.provisioningState,
            ...(expand
              ? {
                  registrationDefinition: {
                    id: `/subscriptions/${subscriptionId}/providers/Microsoft.ManagedServices/registrationDefinitions/${delegation.definitionName}`,
                    type: 'Microsoft.ManagedServices/registrationDefinitions',
                    name: delegation.definitionName,
                    properties: {
                      ...delegation.definition,
                      provisioningState: 'Succeeded',
                      manageeTenantId: subscription.tenantId,
                      manageeTenantName: 'Customer tenant',
                      managedByTenantName: 'Vendor tenant',
                    },
                  },
                }
              : {}),
          },
        })),
      });
    }
    if (!delegated) return denied();
    if (rest === '') {
      return answer(200, {
        id: `/subscriptions/${subscriptionId}`,
        authorizationSource: 'RoleBased',
        managedByTenants: [{ tenantId: vendorTenant }],
        subscriptionId,
        tenantId: subscription.tenantId,
        displayName: 'Customer subscription',
        state: subscription.state,
        subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
      });
    }
    const group = /^\/resourceGroups\/([^/]+)$/.exec(rest);
    if (group) {
      const name = decodeURIComponent(group[1] as string);
      const found = subscription.resourceGroups.get(name);
      if (found === undefined) return error(404, 'ResourceGroupNotFound', `Resource group '${name}' could not be found.`);
      return answer(200, {
        id: `/subscriptions/${subscriptionId}/resourceGroups/${name}`,
        name,
        type: 'Microsoft.Resources/resourceGroups',
        location: found.location,
        tags: found.tags,
        properties: { provisioningState: 'Succeeded' },
      });
    }
    return error(404, 'NotFound', `No route GET ${url.pathname}.`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  const subscriptionOf = (id: string) => {
    const subscription = subscriptions.get(id.toLowerCase());
    if (subscription === undefined) throw new Error(`the stand-in has no subscription ${id}`);
    return subscription;
  };
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token,
    calls,
    subscription(subscriptionId, tenantId, state = 'Enabled') {
      subscriptions.set(subscriptionId.toLowerCase(), {
        tenantId,
        state,
        delegations: [],
        resourceGroups: new Map(),
        hiddenFor: 0,
      });
    },
    deploy(subscriptionId, template) {
      const subscription = subscriptionOf(subscriptionId);
      const resources = (
        template as {
          resources: {
            type: string;
            name: string;
            location?: string;
            tags?: Record<string, string>;
            properties?: Record<string, unknown>;
          }[];
        }
      ).resources;
      for (const resource of resources) {
        if (resource.type === 'Microsoft.ManagedServices/registrationDefinitions') {
          subscription.delegations.push({
            assignmentName: randomUUID(),
            definitionName: randomUUID(),
            definition: structuredClone(resource.properties ?? {}),
            provisioningState: 'Succeeded',
          });
        }
        if (resource.type === 'Microsoft.Resources/resourceGroups') {
          subscription.resourceGroups.set(resource.name, { location: resource.location ?? '', tags: resource.tags ?? {} });
        }
      }
    },
    propagating(subscriptionId, count) {
      subscriptionOf(subscriptionId).hiddenFor = count;
    },
    removeDelegations(subscriptionId) {
      subscriptionOf(subscriptionId).delegations.length = 0;
    },
    editDefinitions(subscriptionId, edit) {
      for (const delegation of subscriptionOf(subscriptionId).delegations) edit(delegation.definition);
    },
    fail(match, ...added) {
      for (const fault of added) faults.push({ match, fault });
    },
    clearFaults() {
      faults.length = 0;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
