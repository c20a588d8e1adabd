/**
 * The self-contained HTML report: one file, inline styles, no scripts, no external resources, so it
 * can be attached to an assessment and opened offline.
 */
import { LISTED_PLACES, LISTED_ROWS, listed, notApplicableLine, rowsByControl } from './listing';
import { ControlEvidence, EvidenceModel, EvidenceRow, RuleSummary, StatusCounts } from './model';
import { EVIDENCE_STATUSES } from './recorder';
import { EvidenceSection } from './sections';

export function esc(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-');
const statusClass = (s: string) => `st-${slug(s)}`;
const badge = (s: string) => `<span class="badge ${statusClass(s)}">${esc(s)}</span>`;

function table(head: readonly string[], body: readonly (readonly unknown[])[], raw = false, attrs = ''): string {
  const cell = (v: unknown) => `<td>${raw ? String(v ?? '') : esc(v)}</td>`;
  return `<table${attrs}><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${body
    .map((r) => `<tr>${r.map(cell).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function counts(c: StatusCounts): string {
  return EVIDENCE_STATUSES.filter((s) => c[s] > 0)
    .map((s) => `${badge(s)}&nbsp;${c[s]}`)
    .join(' ');
}

function ruleLabel(r: EvidenceRow): string {
  return `${esc(r.ruleId)}${r.finding !== undefined ? `<br><code>${esc(r.finding)}</code>` : ''}`;
}

/** The anchor of an acknowledgement in the Acknowledgements section. */
export function ackAnchor(r: Pick<EvidenceRow, 'acknowledgementKey' | 'acknowledgementReason'>): string {
  return `ack-${r.acknowledgementKey ?? slug(r.acknowledgementReason ?? '').slice(0, 60)}`;
}

function detail(r: EvidenceRow): string {
  if (r.status === 'Non-compliant') return esc(r.message);
  if (r.status !== 'Acknowledged') return '';
  const where = `declared at <code>${esc(r.acknowledgedAt)}</code>`;
  return r.acknowledgementKey
    ? `<a href="#${esc(ackAnchor(r))}">kit acknowledgement <code>${esc(r.acknowledgementKey)}</code></a>, ${where}`
    : `${esc(r.acknowledgementReason)} (${where})`;
}

function resultRows(all: readonly EvidenceRow[]): string {
  if (all.length === 0) return '<p class="muted">No resource was in scope of these rules (all results not applicable).</p>';
  const { rows, more } = listed(all, LISTED_ROWS);
  return table(
    ['Status', 'Rule', 'Resource', 'Region', 'Detail'],
    rows.map((r) => [
      badge(r.status),
      ruleLabel(r),
      `<code>${esc(r.constructPath)}</code><br><span class="muted">${esc(r.resourceType)} ${esc(r.logicalId)}</span>`,
      esc(r.region),
      detail(r),
    ]),
    true,
    ' class="results"',
  ) + (more ? `<p class="muted">…and ${esc(more)}: every result is in results.csv.</p>` : '');
}

/** Every distinct acknowledgement, its reason once, and what it covers. */
function acknowledgements(rows: readonly EvidenceRow[]): string {
  const groups = new Map<string, EvidenceRow[]>();
  for (const r of rows) {
    if (r.status !== 'Acknowledged') continue;
    const k = ackAnchor(r);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(r);
  }
  if (groups.size === 0) return '<p>No acknowledgements.</p>';
  return [...groups.entries()]
    .map(([anchor, g]) => {
      const first = g[0];
      const rules = [...new Set(g.map((r) => r.ruleId + (r.finding !== undefined ? `[${r.finding}]` : '')))];
      const places = [...new Set(g.map((r) => r.acknowledgedAt ?? ''))];
      const shown = places.slice(0, LISTED_PLACES).map((p) => `<code>${esc(p)}</code>`).join(', ');
      const morePlaces = places.length > LISTED_PLACES ? ` and ${places.length - LISTED_PLACES} more constructs (see results.csv)` : '';
      return `<div class="ack" id="${esc(anchor)}"><h3>${first.acknowledgementKey ? `Kit entry <code>${esc(first.acknowledgementKey)}</code>` : 'Acknowledgement declared outside the kit'}</h3>
<p>${esc(first.acknowledgementReason)}</p>
<p class="muted">${g.length} result(s); ISM controls ${esc([...new Set(g.flatMap((r) => r.ismControls))].join(', ') || 'none')}; declared at ${shown}${morePlaces}</p>
<details><summary>Rules acknowledged (${rules.length})</summary><ul>${rules.map((r) => `<li><code>${esc(r)}</code></li>`).join('')}</ul></details></div>`;
    })
    .join('\n');
}

function ruleTable(rules: readonly RuleSummary[]): string {
  return table(
    ['Rule', 'Pack', 'Level', 'Checks', 'Results'],
    rules.map((r) => [`<code>${esc(r.ruleId)}</code>`, esc(r.pack), esc(r.level), esc(r.explanation || r.description), counts(r.counts)]),
    true,
  );
}

function controlDetails(c: ControlEvidence, byControl: Map<string, EvidenceRow[]>): string {
  const rows = byControl.get(c.id) ?? [];
  return `<details class="control" id="${esc(c.id)}"><summary><strong>${esc(c.id)}</strong> ${esc(c.topic)} ${badge(c.status)}</summary>
<p><strong>What it asks (paraphrased):</strong> ${esc(c.summary)}</p>
<p><strong>How the kit addresses it (${esc(c.coverage)}):</strong> ${esc(c.implementation)}</p>
${c.rules.length > 0 ? ruleTable(c.rules) + resultRows(rows) : '<p class="muted">No rule checks this control; the implementation note above is the evidence.</p>'}
</details>`;
}

function section(s: EvidenceSection): string {
  return `<section id="section-${esc(s.id)}"><h2>${esc(s.title)}</h2>${s.description ? `<p>${esc(s.description)}</p>` : ''}${table(s.columns, s.rows)}${
    s.notes && s.notes.length > 0 ? `<ul>${s.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''
  }</section>`;
}

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem;color:#1b1f24;line-height:1.4}
h1{font-size:1.6rem}h2{border-bottom:2px solid #d0d7de;padding-bottom:.2rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.88rem}
table.results td:nth-child(3){width:40%}table.results td:nth-child(5){width:30%}
div.ack{border-left:4px solid #e3b341;padding:.1rem .8rem;margin:.8rem 0}h3{font-size:1rem;margin:.4rem 0}
th,td{border:1px solid #d0d7de;padding:.3rem .45rem;text-align:left;vertical-align:top}
th{background:#f3f5f7}code{font-size:.82rem;word-break:break-all}
.badge{display:inline-block;border-radius:.6rem;padding:0 .5rem;font-size:.78rem;font-weight:600;white-space:nowrap}
.st-compliant{background:#d1f0d8;color:#0f5323}.st-non-compliant{background:#ffd7d5;color:#82071e}
.st-acknowledged{background:#fff1c2;color:#6b4a00}.st-not-applicable,.st-not-checked{background:#e8eaed;color:#3d444d}
.muted{color:#57606a}details.control{border:1px solid #d0d7de;border-radius:.4rem;padding:.4rem .7rem;margin:.5rem 0}
summary{cursor:pointer}dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}dt{font-weight:600}
nav a{margin-right:1rem}.verdict{font-size:1.1rem;font-weight:600}
@media print{details{display:block}details>*{display:block}}
`;

export function renderHtml(m: EvidenceModel): string {
  return [...htmlParts(m)].join('');
}

/**
 * The report in pieces, in order: the writer streams them to the file, so at 400 stacks no string
 * holds the whole report (one piece per control, per stack or per section).
 */
export function* htmlParts(m: EvidenceModel): Generator<string> {
  const byControl = rowsByControl(m);
  const unmapped = m.rules.filter((r) => r.ismControls.length === 0);
  const unmappedRows = m.results.filter((r) => r.ismControls.length === 0 && r.status !== 'Compliant');
  const open = m.nag.totals['Non-compliant'];
  const agencies = m.config?.agencies ?? [];
  const controlRows = m.controls.map((c) => [
    `<a href="#${esc(c.id)}">${esc(c.id)}</a>${c.verified ? '' : ' <span class="muted">(unverified)</span>'}`,
    esc(c.topic),
    esc(c.summary),
    esc(c.coverage),
    badge(c.status),
    c.rules.map((r) => `<code>${esc(r.ruleId)}</code>`).join(' '),
  ]);

  yield `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>ISM evidence pack: wickr-cdk-kit ${esc(m.generator.version)}</title><style>${STYLE}</style></head>
<body>
<header><h1>ISM evidence pack: wickr-cdk-kit</h1>
<dl>
<dt>Agencies</dt><dd>${agencies.map((a) => `${esc(a.name)} (${esc(a.id)}, ${esc(a.classification)})`).join('; ') || 'not recorded'}</dd>
<dt>Kit version</dt><dd>${esc(m.generator.version)}</dd>
<dt>Config</dt><dd>${m.config ? `<code>${esc(m.config.source)}</code>, SHA-256 <code>${esc(m.config.sha256)}</code>` : 'not recorded'}</dd>
<dt>Generated</dt><dd>${esc(m.generatedAt)}</dd>
<dt>Nag mode</dt><dd>${esc(m.nag.mode)}; packs ${m.nag.packs.map((p) => `<code>${esc(p)}</code>`).join(', ') || 'none (nag off: no rule results)'}</dd>
<dt>ISM</dt><dd>${esc(m.ism.release)} (OSCAL ${esc(m.ism.oscalVersion)}), ${esc(m.ism.baseline)} baseline</dd>
</dl>
<p class="verdict">${m.nag.packs.length === 0 ? 'Nag did not run: no rule results.' : open === 0 ? 'No open findings: every failing result is acknowledged with a reason.' : `${open} open finding(s): see the controls marked Non-compliant.`}</p>
<nav><a href="#summary">Summary</a><a href="#controls">ISM controls</a><a href="#acknowledgements">Acknowledgements</a><a href="#unmapped">Other rules</a><a href="#residency">Data residency</a><a href="#retention">Retention</a><a href="#keys">KMS keys</a><a href="#trails">Audit and guardrails</a><a href="#federation">Federation map</a><a href="#files">Files</a></nav>
</header>
<section id="summary"><h2>Summary</h2>
${table(['Result', 'Rule × resource results'], EVIDENCE_STATUSES.map((s) => [badge(s), String(m.nag.totals[s])]), true)}
<p class="muted">${esc(notApplicableLine(m))}</p>
</section>
<section id="controls"><h2>ISM controls</h2>
<p>Every ISM control the kit cites, with the status of the rules that check it. Summaries are paraphrases; the ISM's own wording is authoritative.
A control is <strong>Compliant</strong> when no result failed, <strong>Acknowledged</strong> when every failing result carries an acknowledgement with a reason (listed below), <strong>Non-compliant</strong> when a failure is open, <strong>Not applicable</strong> when its rules found no resource to check, and <strong>Not checked</strong> when no rule checks it at synth time.</p>
${table(['Control', 'Topic', 'What it asks (paraphrased)', 'Coverage', 'Status', 'Rules'], controlRows, true, ' id="control-table"')}
`;
  for (const c of m.controls) yield `${controlDetails(c, byControl)}\n`;
  yield `</section>
<section id="acknowledgements"><h2>Acknowledgements</h2>
<p>Each acknowledgement once, with the reason an assessor reads, where it was declared and what it covers. They are listed in <code>lib/nag/acknowledgements.ts</code> and recorded by CDK under <code>suppressedViolations</code> in <code>validation-report.json</code>.</p>
${acknowledgements(m.results)}
</section>
<section id="unmapped"><h2>Rules not mapped to an ISM control</h2>
<p>Results of AWS Solutions and NIST 800-53 rev 5 rules the kit does not map to an ISM control.</p>
${ruleTable(unmapped.filter((r) => r.counts.Compliant + r.counts['Non-compliant'] + r.counts.Acknowledged > 0))}
${unmappedRows.length > 0 ? resultRows(unmappedRows) : ''}
</section>
<section id="residency"><h2>Data residency</h2>
${table(
  ['Stack', 'Region', 'Allowed Regions', 'Replicates to', 'Within allowed', 'Resources'],
  m.dataResidency.map((s) => [
    s.stackName,
    s.region,
    s.allowedRegions?.join(', ') ?? '(no policy)',
    s.replicationRegions.join(', ') || '—',
    s.withinAllowedRegions === undefined ? 'not checked' : s.withinAllowedRegions ? 'yes' : 'NO',
    String(s.resources.length),
  ]),
)}
`;
  for (const [i, s] of m.dataResidency.entries()) {
    yield `${i > 0 ? '\n' : ''}<details><summary>Resources of ${esc(s.stackName)} (all in ${esc(s.region)})</summary>${table(
      ['Logical id', 'Type', 'Construct path'],
      s.resources.map((r) => [r.logicalId, r.type, r.constructPath ?? '']),
    )}</details>`;
  }
  yield `
</section>
<section id="retention"><h2>Retention settings</h2>
${
  m.config
    ? table(
        ['Agency', 'Records retention', 'Log retention (days)', 'Policy floors'],
        m.config.agencies.map((a) => [a.id, `${a.recordsRetention.mode}, ${a.recordsRetention.days} days`, String(a.logRetentionDays), JSON.stringify(m.config!.policy)]),
      )
    : ''
}
${table(
  ['Stack (Region)', 'Bucket', 'Kind', 'Encryption', 'Versioning', 'Object Lock', 'Expiry', 'Transitions', 'Deletion policy', 'Replication'],
  m.retention.buckets.map((b) => [
    `${b.stackName} (${b.region})`,
    b.bucketName,
    b.kind,
    b.encryption,
    b.versioning ? 'yes' : 'no',
    b.objectLock ? `${b.objectLock.mode ?? '?'} ${b.objectLock.days ?? '?'} days` : 'off',
    b.expirationDays !== undefined ? `${b.expirationDays} days` : 'never',
    b.transitions.join('; ') || '—',
    b.deletionPolicy,
    b.replication.map((r) => `${r.destination}${r.region ? ` (${r.region})` : ''}`).join('; ') || '—',
  ]),
)}
${table(
  ['Stack (Region)', 'Log group', 'Retention (days)', 'CMK encrypted', 'Deletion policy'],
  m.retention.logGroups.map((g) => [`${g.stackName} (${g.region})`, g.logGroupName, g.retentionDays ?? 'never expires', g.encrypted ? 'yes' : 'no', g.deletionPolicy]),
)}
</section>
<section id="keys"><h2>KMS keys</h2>
${table(
  ['Stack (Region)', 'Alias', 'Purpose', 'Key spec', 'Rotation', 'Deletion policy'],
  m.kmsKeys.map((k) => [
    `${k.stackName} (${k.region})`,
    k.aliases.join(', ') || k.logicalId,
    k.purpose,
    k.keySpec,
    k.rotation ? `yes, every ${k.rotationPeriodDays ?? 365} days` : 'no',
    k.deletionPolicy,
  ]),
)}
</section>
<section id="trails"><h2>Audit trail and guardrails</h2>
${
  m.auditTrails.length > 0
    ? table(
        ['Stack (Region)', 'Trail', 'Multi-Region', 'Log file validation', 'KMS key', 'Bucket', 'CloudWatch Logs'],
        m.auditTrails.map((t) => [`${t.stackName} (${t.region})`, t.trail, t.multiRegion ? 'yes' : 'no', t.logFileValidation ? 'yes' : 'no', t.kmsKey, t.bucket, t.cloudWatchLogs]),
      )
    : '<p>The kit deploys no CloudTrail trail in this app.</p>'
}
${agencies
  .filter((a) => (a.guardrails as { auditTrail?: { organizationTrail?: boolean } } | undefined)?.auditTrail?.organizationTrail)
  .map((a) => `<p>Agency ${esc(a.id)} declares that its organisation trail records these accounts' management events (guardrails.auditTrail.organizationTrail).</p>`)
  .join('')}
${
  m.guardrails.permissionsBoundaries.length > 0
    ? table(
        ['Stack (Region)', 'Permissions boundary', 'Denies actions outside', 'Roles bounded'],
        m.guardrails.permissionsBoundaries.map((b) => [`${b.stackName} (${b.region})`, b.logicalId, b.deniedOutside.join(', '), String(b.rolesBounded)]),
      )
    : '<p>No Region-restriction permissions boundary in this app.</p>'
}
${
  m.guardrails.conformancePacks.length > 0
    ? table(['Stack (Region)', 'Conformance pack', 'Template'], m.guardrails.conformancePacks.map((p) => [`${p.stackName} (${p.region})`, p.name, p.templateS3Uri]))
    : '<p>No AWS Config conformance pack in this app (guardrails.conformancePack is off).</p>'
}
</section>
<section id="federation"><h2>Federation map</h2>
${m.federationMap ? section(m.federationMap).replace(/^<section[^>]*><h2>[^<]*<\/h2>/, '').replace(/<\/section>$/, '') : '<p>No federation map: no federation is configured in this app.</p>'}
</section>
${m.sections.map(section).join('\n')}
<section id="files"><h2>Files in this evidence pack</h2>
${table(['File', 'What it holds'], m.files.map((f) => [f.name, f.description]))}
</section>
<footer class="muted"><p>Regenerate with <code>npm ci &amp;&amp; npx cdk synth</code>; see docs/assessor-guide.md. ISM ids verified against ${esc(m.ism.catalog)}.</p></footer>
</body></html>
`;
}
