/** The Markdown report: the same content as the HTML report, for review in a repository or wiki. */
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

function rowsTable(rows: readonly EvidenceRow[]): string {
  return table(
    ['Status', 'Rule', 'Resource', 'Region', 'Detail'],
    rows.map((r) => [
      r.status,
      `\`${r.ruleId}\`${r.finding !== undefined ? ` \`${r.finding}\`` : ''}`,
      `\`${r.constructPath}\``,
      r.region,
      r.status === 'Acknowledged'
        ? r.acknowledgementKey
          ? `kit acknowledgement \`${r.acknowledgementKey}\`, declared at \`${r.acknowledgedAt}\``
          : `${r.acknowledgementReason} (declared at \`${r.acknowledgedAt}\`)`
        : r.status === 'Non-compliant'
          ? (r.message ?? '')
          : '',
    ]),
  );
}

function section(s: EvidenceSection, heading = `## ${s.title}`): string {
  return `${heading}\n\n${s.description ? `${s.description}\n\n` : ''}${table(s.columns, s.rows)}${(s.notes ?? []).map((n) => `- ${n}\n`).join('')}\n`;
}

export function renderMarkdown(m: EvidenceModel): string {
  const out: string[] = [];
  const open = m.nag.totals['Non-compliant'];
  out.push(`# ISM evidence pack: wickr-cdk-kit\n`);
  out.push(`- Agencies: ${(m.config?.agencies ?? []).map((a) => `${a.name} (${a.id}, ${a.classification})`).join('; ') || 'not recorded'}`);
  out.push(`- Kit version: ${m.generator.version}`);
  out.push(`- Config: ${m.config ? `\`${m.config.source}\`, SHA-256 \`${m.config.sha256}\`` : 'not recorded'}`);
  out.push(`- Generated: ${m.generatedAt}`);
  out.push(`- Nag mode: ${m.nag.mode}; packs: ${m.nag.packs.join(', ') || 'none (nag off)'}`);
  out.push(`- ISM: ${m.ism.release} (OSCAL ${m.ism.oscalVersion}), ${m.ism.baseline} baseline\n`);
  out.push(
    `**${m.nag.packs.length === 0 ? 'Nag did not run: no rule results.' : open === 0 ? 'No open findings: every failing result is acknowledged with a reason.' : `${open} open finding(s).`}**\n`,
  );
  out.push('## Summary\n');
  out.push(table(['Result', 'Rule × resource results'], EVIDENCE_STATUSES.map((s) => [s, m.nag.totals[s]])));
  out.push('\nNot-applicable results are counted here and listed in results.csv and evidence.json.\n');

  out.push('## ISM controls\n');
  out.push(table(['Control', 'Topic', 'What it asks (paraphrased)', 'Coverage', 'Status', 'Rules'], m.controls.map((c) => [c.id, c.topic, c.summary, c.coverage, c.status, c.rules.map((r) => r.ruleId).join(', ')])));
  for (const c of m.controls) {
    out.push(`\n### ${c.id}: ${c.topic} (${c.status})\n`);
    out.push(`${c.summary}\n\nHow the kit addresses it (${c.coverage}): ${c.implementation}\n`);
    if (c.rules.length === 0) {
      out.push('\nNo rule checks this control; the implementation note is the evidence.\n');
      continue;
    }
    out.push('\n' + table(['Rule', 'Pack', 'Level', 'Results'], c.rules.map((r) => [`\`${r.ruleId}\``, r.pack, r.level, counts(r.counts)])));
    const rows = m.results.filter((r) => r.status !== 'Not applicable' && r.ismControls.includes(c.id));
    if (rows.length > 0) out.push('\n' + rowsTable(rows));
  }

  out.push('\n## Acknowledgements\n');
  const acks = new Map<string, EvidenceRow[]>();
  for (const r of m.results) {
    if (r.status !== 'Acknowledged') continue;
    const k = r.acknowledgementKey ?? r.acknowledgementReason ?? '';
    acks.set(k, [...(acks.get(k) ?? []), r]);
  }
  out.push(
    table(
      ['Entry', 'Reason', 'ISM controls', 'Results', 'Declared at'],
      [...acks.values()].map((g) => [
        g[0].acknowledgementKey ? `\`${g[0].acknowledgementKey}\`` : '(outside the kit)',
        g[0].acknowledgementReason,
        [...new Set(g.flatMap((r) => r.ismControls))].join(', '),
        g.length,
        [...new Set(g.map((r) => `\`${r.acknowledgedAt}\``))].join(', '),
      ]),
    ),
  );

  out.push('\n## Rules not mapped to an ISM control\n');
  const unmapped = m.rules.filter((r) => r.ismControls.length === 0 && r.counts.Compliant + r.counts['Non-compliant'] + r.counts.Acknowledged > 0);
  out.push(table(['Rule', 'Pack', 'Results'], unmapped.map((r) => [`\`${r.ruleId}\``, r.pack, counts(r.counts)])));
  const unmappedRows = m.results.filter((r) => r.ismControls.length === 0 && (r.status === 'Acknowledged' || r.status === 'Non-compliant'));
  if (unmappedRows.length > 0) out.push('\n' + rowsTable(unmappedRows));

  out.push('\n## Data residency\n');
  out.push(
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
    ),
  );

  out.push('\n## Retention settings\n');
  if (m.config) {
    out.push(table(['Agency', 'Records retention', 'Log retention (days)'], m.config.agencies.map((a) => [a.id, `${a.recordsRetention.mode}, ${a.recordsRetention.days} days`, a.logRetentionDays])));
  }
  out.push(
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
      ),
  );
  out.push(
    '\n' +
      table(
        ['Stack (Region)', 'Log group', 'Retention (days)', 'CMK encrypted', 'Deletion policy'],
        m.retention.logGroups.map((g) => [`${g.stackName} (${g.region})`, g.logGroupName, g.retentionDays ?? 'never expires', g.encrypted ? 'yes' : 'no', g.deletionPolicy]),
      ),
  );

  out.push('\n## KMS keys\n');
  out.push(
    table(
      ['Stack (Region)', 'Alias', 'Purpose', 'Rotation', 'Deletion policy'],
      m.kmsKeys.map((k) => [`${k.stackName} (${k.region})`, k.aliases.join(', ') || k.logicalId, k.purpose, k.rotation ? `every ${k.rotationPeriodDays ?? 365} days` : 'no', k.deletionPolicy]),
    ),
  );

  out.push('\n## Audit trail and guardrails\n');
  out.push(
    table(
      ['Stack (Region)', 'Trail', 'Multi-Region', 'Log file validation', 'KMS key', 'Bucket'],
      m.auditTrails.map((t) => [`${t.stackName} (${t.region})`, t.trail, t.multiRegion ? 'yes' : 'no', t.logFileValidation ? 'yes' : 'no', t.kmsKey, t.bucket]),
    ),
  );
  out.push(
    '\n' +
      table(
        ['Stack (Region)', 'Permissions boundary', 'Denies actions outside', 'Roles bounded'],
        m.guardrails.permissionsBoundaries.map((b) => [`${b.stackName} (${b.region})`, b.logicalId, b.deniedOutside.join(', '), b.rolesBounded]),
      ),
  );
  out.push('\n' + table(['Stack (Region)', 'Conformance pack', 'Template'], m.guardrails.conformancePacks.map((p) => [`${p.stackName} (${p.region})`, p.name, p.templateS3Uri])));

  out.push('\n## Federation map\n');
  out.push(m.federationMap ? section(m.federationMap, '').trimStart() : 'No federation map: no federation is configured in this app.\n');
  for (const s of m.sections) out.push('\n' + section(s));

  out.push('\n## Files in this evidence pack\n');
  out.push(table(['File', 'What it holds'], m.files.map((f) => [f.name, f.description])));
  out.push('\nRegenerate with `npm ci && npx cdk synth`; see docs/assessor-guide.md.\n');
  return out.join('\n');
}
