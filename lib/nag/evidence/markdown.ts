/** The Markdown report: the same content as the HTML report, for review in a repository or wiki. */
import { RESPONSIBILITIES, VERDICTS } from '../baseline/types';
import { LISTED_ROWS, baselineLine, listed, notApplicableLine, openRiskAcceptances, rowsByControl, unmappedRules } from './listing';
import { EvidenceModel, EvidenceRow, StatusCounts } from './model';
import { EVIDENCE_STATUSES } from './recorder';
import { EvidenceSection } from './sections';

/** A Markdown table cell: one line, pipes escaped. */
export function mdCell(value: unknown): string {
  return String(value ?? '')
    .replace(/\r?\n/g, ' ')
    .replace(/\|/g, '\\|');
}

function table(head: readonly string[], body: readonly (readonly unknown[])[]): string {
  if (body.length === 0) return '_None._\n';
  return [`| ${head.map(mdCell).join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`, ...body.map((r) => `| ${r.map(mdCell).join(' | ')} |`)].join('\n') + '\n';
}

function counts(c: StatusCounts): string {
  return EVIDENCE_STATUSES.filter((s) => c[s] > 0)
    .map((s) => `${s} ${c[s]}`)
    .join(', ');
}

function rowsTable(all: readonly EvidenceRow[]): string {
  const { rows, more } = listed(all, LISTED_ROWS);
  return table(
    ['Status', 'Rule', 'Resource', 'Region', 'Detail'],
    rows.map((r) => [
      r.status,
      `\`${r.ruleId}\`${r.finding !== undefined ? ` \`${r.finding}\`` : ''}`,
      `\`${r.constructPath}\``,
      r.region,
      r.status === 'Acknowledged'
        ? r.acknowledgementKey
          ? `${r.acknowledgementCategory === 'risk-accepted' ? 'risk acceptance' : 'kit acknowledgement'} \`${r.acknowledgementKey}\`, declared at \`${r.acknowledgedAt}\``
          : `${r.acknowledgementReason} (declared at \`${r.acknowledgedAt}\`)`
        : r.status === 'Non-compliant'
          ? (r.message ?? '')
          : '',
    ]),
  ) + (more ? `\n…and ${more}: every result is in results.csv.\n` : '');
}

function section(s: EvidenceSection, heading = `## ${s.title}`): string {
  return `${heading}\n\n${s.description ? `${s.description}\n\n` : ''}${table(s.columns, s.rows)}${(s.notes ?? []).map((n) => `- ${n}\n`).join('')}\n`;
}

export function renderMarkdown(m: EvidenceModel): string {
  return [...markdownParts(m)].join('');
}

/**
 * The report in pieces, in order: the writer streams them to the file, so at 400 stacks no string
 * holds the whole report (one piece per heading, table or control).
 */
export function* markdownParts(m: EvidenceModel): Generator<string> {
  let first = true;
  for (const line of markdownBlocks(m)) {
    yield first ? line : `\n${line}`;
    first = false;
  }
}

/** The report's blocks; the report is these joined by line breaks. */
function* markdownBlocks(m: EvidenceModel): Generator<string> {
  const open = m.nag.totals['Non-compliant'];
  if (m.run.notice) yield `> **${m.run.notice}**\n`;
  yield `# ISM evidence pack: wickr-cdk-kit\n`;
  yield `- Agencies: ${(m.config?.agencies ?? []).map((a) => `${a.name} (${a.id}, ${a.classification})`).join('; ') || 'not recorded'}`;
  yield `- Kit version: ${m.generator.version}`;
  yield `- Config: ${m.config ? `\`${m.config.source}\`, SHA-256 \`${m.config.sha256}\`` : 'not recorded'}`;
  yield `- Generated: ${m.generatedAt}`;
  yield `- Nag mode: ${m.nag.mode}; packs: ${m.nag.packs.join(', ') || 'none (nag off)'}`;
  yield `- ISM baseline: ${baselineLine(m)}`;
  yield `- Kit's control ids: verified against the ISM ${m.ism.release} (OSCAL ${m.ism.oscalVersion})${m.baseline.evaluated ? `, checked again against the ${m.baseline.release} catalog supplied` : ''}\n`;
  yield (
    `**${m.nag.packs.length === 0 ? 'Nag did not run: no rule results.' : open === 0 ? 'No open findings: every failing result is acknowledged with a reason.' : `${open} open finding(s).`}**\n`
  );
  const b = m.baseline;
  yield '## Summary\n';
  yield `Baseline: ${baselineLine(m)}\n`;
  if (b.evaluated) {
    yield table(
      ['Responsibility', ...VERDICTS, 'total'],
      [
        ...RESPONSIBILITIES.map((r) => [r, ...VERDICTS.map((v) => b.counts[r][v]), VERDICTS.reduce((n, v) => n + b.counts[r][v], 0)]),
        ['**total**', ...VERDICTS.map((v) => RESPONSIBILITIES.reduce((n, r) => n + b.counts[r][v], 0)), b.controls.length],
      ],
    );
  }
  for (const x of b.missingCitedIds) yield `\n- **${x.id}**, cited by ${x.citedBy.join('; ')}, is not in the supplied catalog: rescinded or renumbered.`;
  if (b.citedOutsideProfile.length > 0) yield `\n- Cited by the kit but outside the ${b.profile} profile: ${b.citedOutsideProfile.join(', ')}.`;
  yield '\n### Open risk acceptances\n';
  const risks = openRiskAcceptances(m);
  yield risks.length > 0
    ? table(
        ['Risk acceptance', 'Approved by', 'Approved', 'Review by', 'State', 'ISM controls', 'Results'],
        risks.map((a) => [`\`${a.key ?? '(outside the kit)'}\``, a.approval?.approver ?? '', a.approval?.approvedOn ?? '', a.approval?.reviewBy ?? '', a.review?.state ?? 'ungoverned', a.ismControls.join(', '), a.results]),
      )
    : 'None: every acknowledgement is by design.\n';
  yield '\n### Rule results\n';
  yield table(['Result', 'Rule × resource results'], EVIDENCE_STATUSES.map((s) => [s, m.nag.totals[s]]));
  yield `\n${notApplicableLine(m)}\n`;

  yield '## ISM baseline\n';
  yield b.evaluated
    ? `${b.profileTitle} (${b.release}): every control of the profile, with who answers for it and its verdict.\n\n` +
        table(['Control', 'Topic', 'Responsibility', 'Verdict', 'Why'], b.controls.map((c) => [c.id, c.topic, c.responsibility, c.verdict, `${c.rationale} ${c.verdictBasis}`]))
    : `${b.notEvaluated}\n`;

  yield '\n## Controls the kit cites\n';
  yield table(
    ['Control', 'Topic', 'What it asks (paraphrased)', 'Responsibility', 'Verdict', 'Rule results', 'Rules'],
    m.controls.map((c) => [c.id, c.topic, c.summary, c.responsibility, c.verdict, c.status, c.rules.map((r) => r.ruleId).join(', ')]),
  );
  const byControl = rowsByControl(m);
  for (const c of m.controls) {
    yield `\n### ${c.id}: ${c.topic} (${c.verdict}; rule results ${c.status})\n`;
    yield `${c.summary}\n\nHow the kit addresses it (${c.coverage}): ${c.implementation}\n\nResponsibility (${c.responsibility}): ${c.rationale} Verdict (${c.verdict}): ${c.verdictBasis}\n`;
    if (c.rules.length === 0) {
      yield '\nNo rule checks this control; the implementation note is the evidence.\n';
      continue;
    }
    yield '\n' + table(['Rule', 'Pack', 'Level', 'Results'], c.rules.map((r) => [`\`${r.ruleId}\``, r.pack, r.level, counts(r.counts)]));
    const rows = byControl.get(c.id) ?? [];
    if (rows.length > 0) yield '\n' + rowsTable(rows);
  }

  yield '\n## Acknowledgements\n';
  yield 'by-design: the kit\'s design meets the control another way; risk-accepted: someone accepted the risk until a review date. The constructs each was declared on are in results.csv (acknowledged_at).\n';
  yield table(
    ['Entry', 'Category', 'Reason', 'Approved by', 'Review by', 'ISM controls', 'Results', 'Constructs'],
    m.acknowledgements.map((a) => [
      a.key ? `\`${a.key}\`` : '(outside the kit)',
      a.category,
      a.reason,
      a.approval ? `${a.approval.approver} on ${a.approval.approvedOn}` : '',
      a.approval ? `${a.approval.reviewBy} (${a.review?.state})` : '',
      a.ismControls.join(', '),
      a.results,
      a.constructs,
    ]),
  );

  yield '\n## Rules not mapped to an ISM control\n';
  const unmapped = unmappedRules(m);
  yield table(['Rule', 'Pack', 'Results'], unmapped.map((r) => [`\`${r.ruleId}\``, r.pack, counts(r.counts)]));
  const unmappedRows = m.results.filter((r) => r.ismControls.length === 0 && (r.status === 'Acknowledged' || r.status === 'Non-compliant'));
  if (unmappedRows.length > 0) yield '\n' + rowsTable(unmappedRows);

  yield '\n## Data residency\n';
  yield (
    table(
      ['Stack', 'Region', 'Allowed Regions', 'Replicates to', 'Within allowed', 'Resources'],
      m.dataResidency.map((s) => [
        s.stackName,
        s.region,
        s.allowedRegions?.join(', ') ?? '(no policy)',
        s.replicationRegions.join(', ') || '-',
        s.withinAllowedRegions === undefined ? 'not checked' : s.withinAllowedRegions ? 'yes' : 'NO',
        s.resources.length,
      ]),
    )
  );

  yield '\n## Retention settings\n';
  if (m.config) {
    yield table(['Agency', 'Records retention', 'Log retention (days)'], m.config.agencies.map((a) => [a.id, `${a.recordsRetention.mode}, ${a.recordsRetention.days} days`, a.logRetentionDays]));
  }
  yield (
    '\n' +
      table(
        ['Stack (Region)', 'Bucket', 'Kind', 'Encryption', 'Versioning', 'Object Lock', 'Expiry', 'Deletion policy', 'Replication'],
        m.retention.buckets.map((b) => [
          `${b.stackName} (${b.region})`,
          b.bucketName,
          b.kind,
          b.encryption,
          b.versioning ? 'yes' : 'no',
          b.objectLock ? `${b.objectLock.mode ?? '?'} ${b.objectLock.days ?? '?'} days` : 'off',
          b.expirationDays !== undefined ? `${b.expirationDays} days` : 'never',
          b.deletionPolicy,
          b.replication.map((r) => `${r.destination}${r.region ? ` (${r.region})` : ''}`).join('; ') || '-',
        ]),
      )
  );
  yield (
    '\n' +
      table(
        ['Stack (Region)', 'Log group', 'Retention (days)', 'CMK encrypted', 'Deletion policy'],
        m.retention.logGroups.map((g) => [`${g.stackName} (${g.region})`, g.logGroupName, g.retentionDays ?? 'never expires', g.encrypted ? 'yes' : 'no', g.deletionPolicy]),
      )
  );

  yield '\n## KMS keys\n';
  yield (
    table(
      ['Stack (Region)', 'Alias', 'Purpose', 'Rotation', 'Deletion policy'],
      m.kmsKeys.map((k) => [`${k.stackName} (${k.region})`, k.aliases.join(', ') || k.logicalId, k.purpose, k.rotation ? `every ${k.rotationPeriodDays ?? 365} days` : 'no', k.deletionPolicy]),
    )
  );

  yield '\n## Audit trail and guardrails\n';
  yield (
    table(
      ['Stack (Region)', 'Trail', 'Multi-Region', 'Log file validation', 'KMS key', 'Bucket'],
      m.auditTrails.map((t) => [`${t.stackName} (${t.region})`, t.trail, t.multiRegion ? 'yes' : 'no', t.logFileValidation ? 'yes' : 'no', t.kmsKey, t.bucket]),
    )
  );
  yield (
    '\n' +
      table(
        ['Stack (Region)', 'Permissions boundary', 'Denies actions outside', 'Roles bounded'],
        m.guardrails.permissionsBoundaries.map((b) => [`${b.stackName} (${b.region})`, b.logicalId, b.deniedOutside.join(', '), b.rolesBounded]),
      )
  );
  yield '\n' + table(['Stack (Region)', 'Conformance pack', 'Template'], m.guardrails.conformancePacks.map((p) => [`${p.stackName} (${p.region})`, p.name, p.templateS3Uri]));

  yield '\n## Federation map\n';
  yield m.federationMap ? section(m.federationMap, '').trimStart() : 'No federation map: no federation is configured in this app.\n';
  for (const s of m.sections) yield '\n' + section(s);

  yield '\n## Files in this evidence pack\n';
  yield table(['File', 'What it holds'], m.files.map((f) => [f.name, f.description]));
  yield '\nRegenerate with `npm ci && npx cdk synth`; see docs/assessor-guide.md.\n';
}
