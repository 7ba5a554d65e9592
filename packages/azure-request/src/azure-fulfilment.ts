import type { VerificationReport } from '@byoc-kit/core';
import type { AzureIds } from './azure-ids.js';
import type { AzureRequestRecord } from './azure-request-store.js';

/** The one statement every Azure report carries: people verify this path, not byoc-kit. */
export const noAutomatedCheck =
  'No automated access check exists for Azure custom clouds: the vendor team builds the cloud by hand, and byoc-kit checks what the team reports against the request.';

/** Checks what the team reports it built against the request: the same subscription, and resource group when one was asked for. */
export function checkFulfilment(record: AzureRequestRecord, requested: AzureIds, elapsedMs: number): VerificationReport {
  const fulfilment = record.fulfilment;
  const subscriptionMatches = fulfilment?.subscriptionId.toLowerCase() === requested.subscriptionId.toLowerCase();
  const groupMatches =
    requested.resourceGroup === undefined || fulfilment?.resourceGroup?.toLowerCase() === requested.resourceGroup.toLowerCase();
  const checks = [
    {
      id: 'fulfilled_subscription_matches',
      ok: subscriptionMatches,
      detail: `The team reports subscription ${fulfilment?.subscriptionId ?? 'none'}; the request asked for ${requested.subscriptionId}. ${noAutomatedCheck}`,
    },
    {
      id: 'fulfilled_resource_group_matches',
      ok: groupMatches,
      detail:
        requested.resourceGroup === undefined
          ? `The request left the resource group to the team, which used ${fulfilment?.resourceGroup ?? 'none reported'}.`
          : `The team reports resource group ${fulfilment?.resourceGroup ?? 'none'}; the request asked for ${requested.resourceGroup}.`,
    },
  ];
  const ok = subscriptionMatches && groupMatches;
  return {
    ok,
    checks,
    ...(ok
      ? {}
      : {
          error: {
            code: 'FULFILMENT_MISMATCH',
            message: `The team reports the custom cloud built in subscription ${fulfilment?.subscriptionId ?? 'none'}${fulfilment?.resourceGroup ? `, resource group ${fulfilment.resourceGroup}` : ''}, but the request named ${requested.subscriptionId}${requested.resourceGroup ? `, ${requested.resourceGroup}` : ''}. Correct the report, or build the cloud where the customer asked.`,
            isRetryable: false,
          },
        }),
    attempts: 1,
    elapsedMs,
  };
}
