/**
 * Names the runbook's document (lib/constructs/lost-device-runbook.ts) and its Lambda (./index.ts)
 * must agree on: document parameters, step names and the function's environment. Kept apart from
 * the handler so the construct does not load handler code.
 */
export const RUNBOOK = {
  params: { networkId: 'NetworkId', usernames: 'Usernames', reason: 'Reason', deleteUsers: 'DeleteUsers' },
  steps: { contain: 'SuspendAndResetDevices', decide: 'DeleteRequested', approve: 'ApproveDeletion', delete: 'DeleteUsers', finish: 'Finish' },
  env: {
    documentName: 'RUNBOOK_DOCUMENT_NAME',
    networkIds: 'RUNBOOK_NETWORK_IDS',
    allowDelete: 'RUNBOOK_ALLOW_DELETE',
    approvalRequired: 'RUNBOOK_APPROVAL_REQUIRED',
  },
} as const;
