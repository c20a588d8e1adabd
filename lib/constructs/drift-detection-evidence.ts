/**
 * The evidence pack's drift sections:
 * - "Drift detection": per agency and Region with networks, whether the scheduled check is on, its
 *   schedule and where it reports;
 * - with `-c driftReport=<file>` (the output of `wickr-kit drift --json`): the last result beside the
 *   ISM controls it bears on (ISM-0912, ISM-1211), and every difference it found.
 *
 * The report file is read when the first Region records its facts, so a missing or malformed file
 * fails synth at once, naming the file and what to do; the pack shows its path relative to the
 * project, never an absolute one.
 */
import { readFileSync } from 'node:fs';
import { IConstruct } from 'constructs';
import { type DriftRecord, parseDriftRecord } from '../../lambda/shared/drift/record';
import { valueText } from '../../lambda/shared/drift/types';
import { KitConfigError } from '../config/errors';
import { ismControl } from '../nag/ism-controls';
import { projectPath } from '../nag/evidence/artefacts';
import { type EvidenceSection, addEvidenceSection } from '../nag/evidence/sections';

/** The context key naming the drift report to show (`cdk synth -c driftReport=drift.json`). */
export const DRIFT_REPORT_CONTEXT = 'driftReport';

/** The ISM controls the drift check gives evidence for (lib/nag/ism-controls.ts). */
export const DRIFT_CONTROLS = ['ISM-0912', 'ISM-1211'] as const;

export interface DriftEvidenceFacts {
  readonly agency: string;
  readonly region: string;
  readonly enabled: boolean;
  /** The schedule expression, when enabled. */
  readonly schedule?: string;
  readonly securityHub: boolean;
  /** How many addresses the topic notifies. */
  readonly notifyEmails: number;
  /** The networks the check covers (`<agency>/<network>`). */
  readonly networks: readonly string[];
}

interface Recorded {
  readonly facts: DriftEvidenceFacts[];
  readonly report?: { readonly path: string; readonly record: DriftRecord };
}

const RECORDED = new WeakMap<IConstruct, Recorded>();

/** Records a Region's drift detection for the evidence pack of the app `scope` belongs to (the sections are added once per app). */
export function recordDriftEvidence(scope: IConstruct, facts: DriftEvidenceFacts): void {
  const root = scope.node.root;
  const existing = RECORDED.get(root);
  if (existing) {
    existing.facts.push(facts);
    return;
  }
  const given = root.node.tryGetContext(DRIFT_REPORT_CONTEXT) as unknown;
  const recorded: Recorded = { facts: [facts], ...(given !== undefined ? { report: readReport(given) } : {}) };
  RECORDED.set(root, recorded);
  addEvidenceSection(scope, { id: 'drift-detection', collect: () => sections(recorded) });
}

function readReport(given: unknown): { path: string; record: DriftRecord } {
  const fail = (message: string, got: unknown): never => {
    throw new KitConfigError(`-c ${DRIFT_REPORT_CONTEXT}`, [{ path: DRIFT_REPORT_CONTEXT, message, got }]);
  };
  if (typeof given !== 'string' || given.trim() === '') return fail('name the file wickr-kit drift --json wrote, e.g. -c driftReport=drift.json', given);
  const path = projectPath(given, process.cwd());
  let text = '';
  try {
    text = readFileSync(given, 'utf8');
  } catch (e) {
    fail(`cannot be read (${(e as { code?: string }).code ?? 'error'}); run wickr-kit drift -c <config> --json > ${path} first`, path);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    fail('is not JSON; give the file wickr-kit drift --json wrote', path);
  }
  const record = parseDriftRecord(doc);
  if (typeof record === 'string') fail(record, path);
  return { path, record: record as DriftRecord };
}

function sections(recorded: Recorded): EvidenceSection[] {
  const out: EvidenceSection[] = [
    {
      id: 'drift-detection',
      title: 'Drift detection: do the Wickr networks still hold what the config says?',
      description:
        'CloudFormation cannot see drift in custom resources, so the kit checks it itself: a scheduled, read-only check per Region (and wickr-kit drift on demand) ' +
        'compares every member the kit manages with what the Wickr service holds and reports each difference in the config\'s own units. ' +
        'What it covers and cannot see, and how to respond: docs/runbooks/drift.md.',
      columns: ['Agency', 'Region', 'Scheduled check', 'Schedule (UTC)', 'Reports to', 'Networks checked'],
      rows: recorded.facts.map((f) => [
        f.agency,
        f.region,
        f.enabled ? 'on' : 'OFF (driftDetection.enabled: false): drift is seen only when someone runs wickr-kit drift',
        f.enabled ? (f.schedule ?? '') : '',
        f.enabled
          ? ['encrypted SNS topic', f.notifyEmails > 0 ? `${f.notifyEmails} e-mail subscription(s)` : 'no e-mail subscription', 'metric WickrKit/Drift DriftedMembers and its alarm', ...(f.securityHub ? ['Security Hub findings'] : [])].join('; ')
          : '',
        f.networks.join(', '),
      ]),
      notes: [
        'Compared: network name and plan, network settings, every configured security-group member, federation allow-lists, SSO (not its secret), the users and bots of the config, and data retention (bot registered, retention on).',
        'Not drift: members the kit does not manage, members the service adds that its model lacks; screen sharing (CALLING.canStartScreenShare) is reported as information.',
      ],
    },
  ];
  const report = recorded.report;
  if (!report) {
    out[0] = { ...out[0], notes: [...(out[0].notes ?? []), `No drift result is attached: run wickr-kit drift -c <config> --json > drift.json, then synth with -c ${DRIFT_REPORT_CONTEXT}=drift.json to show it here.`] };
    return out;
  }
  const r = report.record;
  const result = r.inSync
    ? `in sync: no difference in ${r.networks.length} network(s), checked ${r.checkedAt}`
    : `${r.differences.length} difference(s) in ${new Set(r.differences.map((d) => d.network)).size} of ${r.networks.length} network(s), checked ${r.checkedAt}`;
  out.push({
    id: 'drift-last-result',
    title: 'Drift detection: the last result, beside the controls it bears on',
    description: `From ${report.path}: wickr-kit drift (${r.source}, run ${r.runId}) for ${r.agencies.join(', ')}.`,
    columns: ['Control', 'Topic', 'What the drift check shows', 'Last result'],
    rows: DRIFT_CONTROLS.map((id) => [id, ismControl(id)?.topic ?? '', ismControl(id)?.implementation ?? '', result]),
    notes: [
      ...(r.unresolved.length > 0 ? [`${r.unresolved.length} item(s) could not be compared: ${r.unresolved.map((u) => `${u.network} ${u.resource} (${u.reason})`).join('; ')}`] : []),
      ...(r.reported.length > 0 ? [`${r.reported.length} live value(s) reported, not managed (for example screen sharing).`] : []),
    ],
    data: r,
  });
  if (r.differences.length > 0) {
    out.push({
      id: 'drift-differences',
      title: 'Drift detection: the differences of the last result',
      description: "Each managed member whose live value differs from the config, in the config's units. Restore with cdk deploy, or change the config to accept.",
      columns: ['Network', 'Resource', 'Member', 'Configured', 'Live'],
      rows: r.differences.map((d) => [d.network, d.resource, d.member, valueText(d.expected), valueText(d.actual)]),
    });
  }
  return out;
}
