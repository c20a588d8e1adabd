/**
 * The Lambda behind the lost-device runbook (lib/constructs/lost-device-runbook.ts), called by the
 * runbook's Systems Manager Automation steps with `{ action, executionId }` only.
 *
 * It takes nothing else on trust: it reads the execution back with GetAutomationExecution and acts
 * only when the execution belongs to its own document and is running, on the parameters recorded
 * there (network, users, reason), on behalf of the principal Systems Manager recorded as having
 * started it. A direct invocation with a made-up execution id therefore does nothing. Deletion
 * additionally needs the execution's own containment step to have succeeded and, when the runbook
 * requires approval, its approval step to have been approved; the approvers' decisions are logged.
 *
 * Every run writes audit records (one JSON line each) to the function's log group, which the
 * construct encrypts with the agency's logs key and keeps for its log retention: who, what, when,
 * why, and each user's outcome. CloudTrail records the Wickr API calls themselves.
 */
import { WickrClient } from '../../wickr';
import {
  CountingSender,
  ResolvedUser,
  RunResult,
  UserResult,
  WickrSender,
  countOutcomes,
  deleteUsers,
  errorText,
  parseUserRef,
  resetDevicesForUsers,
  resolveUsers,
  suspendUsers,
  type UserRef,
} from './user-admin';
import { RUNBOOK } from './names';

export { RUNBOOK } from './names';

export type RunbookAction = 'contain' | 'delete';

export interface RunbookEvent {
  readonly action?: unknown;
  readonly executionId?: unknown;
}

/** What the handler needs to know about an automation execution. */
export interface ExecutionFacts {
  readonly documentName: string;
  readonly status: string;
  /** The principal that started the execution, as Systems Manager recorded it. */
  readonly executedBy: string;
  readonly startTime?: string;
  readonly parameters: Readonly<Record<string, readonly string[]>>;
  readonly steps: readonly { readonly name: string; readonly status: string; readonly outputs?: Readonly<Record<string, readonly string[]>> }[];
}

export interface AutomationReader {
  getExecution(executionId: string): Promise<ExecutionFacts | undefined>;
}

export interface HandlerDeps {
  readonly automation: AutomationReader;
  /** A Wickr client for the function's Region. */
  readonly wickr: () => WickrSender & { destroy?: () => void };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** One JSON audit record per call. */
  readonly audit: (record: Record<string, unknown>) => void;
  readonly now: () => Date;
}

export interface RunbookResult {
  readonly action: RunbookAction;
  readonly executionId: string;
  readonly networkId: string;
  readonly summary: Record<string, number>;
}

/** A refusal: the runbook must not act. Thrown so the Automation step fails visibly. */
export class RunbookRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunbookRefusal';
  }
}

const EXECUTION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function single(facts: ExecutionFacts, name: string): string | undefined {
  const v = facts.parameters[name];
  return v !== undefined && v.length > 0 ? v[0] : undefined;
}

export function createHandler(deps: HandlerDeps): (event: RunbookEvent) => Promise<RunbookResult> {
  return async (event) => {
    const action = event.action;
    const executionId = event.executionId;
    if (action !== 'contain' && action !== 'delete') throw new RunbookRefusal(`unknown action ${JSON.stringify(action)}`);
    if (typeof executionId !== 'string' || !EXECUTION_ID.test(executionId)) throw new RunbookRefusal('executionId must be an Automation execution id');

    const facts = await deps.automation.getExecution(executionId);
    const documentName = deps.env[RUNBOOK.env.documentName];
    if (!facts || facts.documentName !== documentName) {
      throw new RunbookRefusal(`execution ${executionId} is not an execution of ${documentName}; nothing was done`);
    }
    if (facts.status !== 'InProgress') throw new RunbookRefusal(`execution ${executionId} is ${facts.status}, not running; nothing was done`);

    const networkId = single(facts, RUNBOOK.params.networkId) ?? '';
    const reason = single(facts, RUNBOOK.params.reason) ?? '';
    const given = facts.parameters[RUNBOOK.params.usernames] ?? [];
    const allowed = (deps.env[RUNBOOK.env.networkIds] ?? '').split(',').filter(Boolean);
    const base = {
      runbook: 'lost-device',
      action,
      executionId,
      documentName,
      executedBy: facts.executedBy,
      executionStarted: facts.startTime,
      reason,
      networkId,
      region: deps.env.AWS_REGION,
      users: given,
    };
    const refuse = (message: string): never => {
      deps.audit({ ...base, event: 'refused', at: deps.now().toISOString(), message });
      throw new RunbookRefusal(`${message}; nothing was done`);
    };

    if (!/^[0-9]{8}$/.test(networkId) || (allowed.length > 0 && !allowed.includes(networkId))) {
      refuse(`network ${networkId || '(none)'} is not one this runbook may act on (${allowed.join(', ') || 'none configured'})`);
    }
    if (reason.trim().length < 3) refuse('the execution has no reason');
    const refs: UserRef[] = [];
    for (const g of given) {
      const ref = parseUserRef(g);
      if ('problem' in ref) refuse(`bad user ${JSON.stringify(g)}: ${ref.problem}`);
      else refs.push(ref);
    }
    if (refs.length === 0) refuse('the execution names no users');

    let approval: Record<string, unknown> | undefined;
    if (action === 'delete') {
      if (deps.env[RUNBOOK.env.allowDelete] !== 'true') refuse('this runbook is deployed without the delete step');
      if (single(facts, RUNBOOK.params.deleteUsers) !== 'true') refuse(`the execution did not ask for deletion (${RUNBOOK.params.deleteUsers} is not true)`);
      const contain = facts.steps.find((s) => s.name === RUNBOOK.steps.contain);
      if (contain?.status !== 'Success') refuse(`containment (${RUNBOOK.steps.contain}) did not succeed in this execution`);
      if (deps.env[RUNBOOK.env.approvalRequired] !== 'false') {
        const step = facts.steps.find((s) => s.name === RUNBOOK.steps.approve);
        if (step?.status !== 'Success') refuse(`deletion was not approved (${RUNBOOK.steps.approve} is ${step?.status ?? 'missing'})`);
        approval = { step: RUNBOOK.steps.approve, status: step!.status, outputs: step!.outputs ?? {} };
      }
    }

    deps.audit({ ...base, event: 'started', at: deps.now().toISOString(), ...(approval ? { approval } : {}) });
    const raw = deps.wickr();
    const client = new CountingSender(raw);
    try {
      const resolution = await resolveUsers(client, networkId, refs);
      if (resolution.unresolved.length > 0) {
        refuse(`${resolution.unresolved.length} user(s) not found: ${resolution.unresolved.map((u) => `${u.given} (${u.problem})`).join('; ')}`);
      }
      const users: ResolvedUser[] = resolution.resolved;
      const results: UserResult[] = [];
      let stoppedBy: unknown;
      if (action === 'contain') {
        const suspended = await suspendUsers(client, networkId, users, true);
        stoppedBy = suspended.stoppedBy;
        // Devices are logged out even for a user whose suspension failed: each step limits exposure.
        const reset: RunResult = stoppedBy === undefined ? await resetDevicesForUsers(client, networkId, users) : { results: [] };
        stoppedBy ??= reset.stoppedBy;
        for (const s of suspended.results) {
          const r = reset.results.find((x) => x.userId === s.userId);
          results.push({
            ...s,
            outcome: s.outcome === 'succeeded' && r !== undefined ? r.outcome : s.outcome === 'succeeded' ? 'not-attempted' : s.outcome,
            detail: [s.detail, r?.detail].filter(Boolean).join('; '),
            ...(r?.devices ? { devices: r.devices } : {}),
          });
        }
      } else {
        const deleted = await deleteUsers(client, networkId, users);
        stoppedBy = deleted.stoppedBy;
        results.push(...deleted.results);
      }
      const summary = { users: results.length, ...countOutcomes(results) };
      deps.audit({
        ...base,
        event: 'finished',
        at: deps.now().toISOString(),
        summary,
        calls: client.calls,
        results: results.map((r) => ({
          given: r.given,
          userId: r.userId,
          username: r.username,
          outcome: r.outcome,
          detail: r.detail,
          ...(r.devices ? { devices: r.devices.map((d) => ({ appId: d.appId, type: d.type, outcome: d.outcome })) } : {}),
        })),
        ...(stoppedBy !== undefined ? { stoppedBy: errorText(stoppedBy) } : {}),
      });
      if (summary.succeeded !== results.length) {
        throw new Error(
          `${action} did not succeed for every user (${JSON.stringify(summary)})` + (stoppedBy !== undefined ? `: ${errorText(stoppedBy)}` : '') +
            '; see the audit record in the runbook log group',
        );
      }
      return { action, executionId, networkId, summary };
    } finally {
      raw.destroy?.();
    }
  };
}

/** Reads executions with the Systems Manager API (the SDK comes with the Lambda runtime). */
export function ssmAutomationReader(): AutomationReader {
  return {
    async getExecution(executionId) {
      const { SSMClient, GetAutomationExecutionCommand } = await import('@aws-sdk/client-ssm');
      const ssm = new SSMClient({});
      try {
        const out = await ssm.send(new GetAutomationExecutionCommand({ AutomationExecutionId: executionId }));
        const e = out.AutomationExecution;
        if (!e) return undefined;
        return {
          documentName: e.DocumentName ?? '',
          status: e.AutomationExecutionStatus ?? '',
          executedBy: e.ExecutedBy ?? '',
          startTime: e.ExecutionStartTime?.toISOString(),
          parameters: e.Parameters ?? {},
          steps: (e.StepExecutions ?? []).map((s) => ({ name: s.StepName ?? '', status: s.StepStatus ?? '', outputs: s.Outputs })),
        };
      } catch (err) {
        if ((err as { name?: string }).name === 'AutomationExecutionNotFoundException') return undefined;
        throw err;
      } finally {
        ssm.destroy();
      }
    },
  };
}

export const handler = createHandler({
  automation: ssmAutomationReader(),
  wickr: () => new WickrClient({}),
  env: process.env,
  audit: (record) => console.log(JSON.stringify({ level: 'audit', ...record })),
  now: () => new Date(),
});
