/**
 * The self-contained HTML report: one file, inline styles, no scripts, no external resources, so it
 * can be attached to an assessment and opened offline.
 */
import { RESPONSIBILITIES, VERDICTS } from '../baseline/types';
import { LISTED_ROWS, baselineLine, listed, notApplicableLine, openRiskAcceptances, rowsByControl, unmappedRules } from './listing';
import { AcknowledgementEvidence, ControlEvidence, EvidenceModel, EvidenceRow, RuleSummary, StatusCounts, ackAnchor } from './model';
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

function detail(r: EvidenceRow): string {
  if (r.status === 'Non-compliant') return esc(r.message);
  if (r.status !== 'Acknowledged') return '';
  const where = `declared at <code>${esc(r.acknowledgedAt)}</code>`;
  const what = r.acknowledgementCategory === 'risk-accepted' ? 'risk acceptance' : 'kit acknowledgement';
  return r.acknowledgementKey
    ? `<a href="#${esc(ackAnchor(r))}">${what} <code>${esc(r.acknowledgementKey)}</code></a>, ${where}`
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

/** Every acknowledgement once: its category and governance, its reason, and what it covers (the places are in results.csv). */
function acknowledgements(acks: readonly AcknowledgementEvidence[]): string {
  if (acks.length === 0) return '<p>No acknowledgements.</p>';
  return acks
    .map((a) => {
      const title =
        a.declaredIn === 'kit' ? `Kit entry <code>${esc(a.key)}</code>` : a.declaredIn === 'config' ? `Agency risk acceptance <code>${esc(a.key)}</code>` : 'Acknowledgement declared outside the kit and the config (not governed)';
      const approval = a.approval
        ? `<p>Accepted by <strong>${esc(a.approval.approver)}</strong> on ${esc(a.approval.approvedOn)}; review by <strong>${esc(a.approval.reviewBy)}</strong> ${reviewBadge(a)}${a.configPath ? `; declared at <code>${esc(a.configPath)}</code> in the config` : ''}.</p>`
        : '';
      const covers =
        a.results === 0
          ? 'It acknowledged no finding in this synth: check whether it is still needed.'
          : `${a.results} result(s), declared on ${a.constructs} construct(s): every one is a row of results.csv with acknowledgement_key <code>${esc(a.key ?? '')}</code>${a.key === undefined ? ' (empty)' : ''} and the declaring construct in acknowledged_at.`;
      return `<div class="ack" id="${esc(a.anchor)}"><h3>${title} ${badge(a.category)}</h3>
${approval}<p>${esc(a.reason)}</p>
<p class="muted">${covers} ISM controls: ${esc(a.ismControls.join(', ') || 'none')}.</p>
<details><summary>Rules acknowledged (${a.rules.length})</summary><ul>${a.rules.map((r) => `<li><code>${esc(r)}</code></li>`).join('')}</ul></details></div>`;
    })
    .join('\n');
}

function reviewBadge(a: AcknowledgementEvidence): string {
  if (!a.review) return '';
  const text = a.review.state === 'expired' ? `expired ${-a.review.daysLeft} day(s) ago` : `${a.review.daysLeft} day(s) left`;
  return `<span class="badge st-${a.review.state}">${esc(text)}</span>`;
}

/** The first page: the baseline, counts per responsibility and verdict, open risk acceptances, and the rule results. */
function summary(m: EvidenceModel): string {
  const b = m.baseline;
  const matrix = RESPONSIBILITIES.map((r) => [esc(r), ...VERDICTS.map((v) => String(b.counts[r][v])), String(VERDICTS.reduce((n, v) => n + b.counts[r][v], 0))]);
  const totals = ['<strong>total</strong>', ...VERDICTS.map((v) => `<strong>${RESPONSIBILITIES.reduce((n, r) => n + b.counts[r][v], 0)}</strong>`), `<strong>${b.controls.length}</strong>`];
  const open = openRiskAcceptances(m);
  const warnings = [
    ...b.missingCitedIds.map((x) => `${x.id}, cited by ${x.citedBy.join('; ')}, is not in the supplied catalog: rescinded or renumbered.`),
    ...(b.citedOutsideProfile.length > 0 ? [`Cited by the kit but outside the ${b.profile} profile: ${b.citedOutsideProfile.join(', ')}.`] : []),
    ...b.responsibilityRules.filter((r) => r.id === 'unmatched').map((r) => `${r.controls} control(s) sit in catalog groups no responsibility rule names; they are shown as agency responsibility.`),
  ];
  return `<section id="summary"><h2>Summary</h2>
<p><strong>Baseline:</strong> ${esc(baselineLine(m))}</p>
${b.evaluated ? table(['Responsibility', ...VERDICTS, 'total'], [...matrix, totals], true, ' class="matrix"') : ''}
${warnings.length > 0 ? `<ul class="warn">${warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>` : ''}
<h3>Open risk acceptances</h3>
${
  open.length > 0
    ? table(
        ['Risk acceptance', 'Approved by', 'Approved', 'Review by', 'ISM controls', 'Results'],
        open.map((a) => [`<a href="#${esc(a.anchor)}"><code>${esc(a.key ?? '')}</code></a>`, esc(a.approval?.approver), esc(a.approval?.approvedOn), `${esc(a.approval?.reviewBy)} ${reviewBadge(a)}`, esc(a.ismControls.join(', ')), String(a.results)]),
        true,
      )
    : '<p>None: every acknowledgement is by design.</p>'
}
<h3>Rule results</h3>
${table(['Result', 'Rule × resource results'], EVIDENCE_STATUSES.map((s) => [badge(s), String(m.nag.totals[s])]), true)}
<p class="muted">${esc(notApplicableLine(m))}</p>
</section>`;
}

/** Every control of the baseline, one row each (the kit's own link to their details below). */
function baselineSection(m: EvidenceModel): string {
  const b = m.baseline;
  if (!b.evaluated) return `<section id="baseline"><h2>ISM baseline</h2><p>${esc(b.notEvaluated)}</p></section>`;
  const kit = new Set(m.controls.map((c) => c.id));
  return `<section id="baseline"><h2>ISM baseline: ${esc(b.profileTitle)} (${esc(b.release)})</h2>
<p>Every control of the profile, with who answers for it and its verdict. Controls the kit cites link to their rule results below; the others take their responsibility from the kit's responsibility rules (lib/nag/baseline/responsibility-rules.ts) and are not assessed by the kit.</p>
${table(
  ['Control', 'Topic', 'Responsibility', 'Verdict', 'Why'],
  b.controls.map((c) => [
    kit.has(c.id) ? `<a href="#${esc(c.id)}">${esc(c.id)}</a>` : esc(c.id),
    `${esc(c.topic)}<br><span class="muted">${esc(c.guideline)}</span>`,
    esc(c.responsibility),
    badge(c.verdict),
    `${esc(c.rationale)}<br><span class="muted">${esc(c.verdictBasis)}</span>`,
  ]),
  true,
  ' class="baseline"',
)}
</section>`;
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
  return `<details class="control" id="${esc(c.id)}"><summary><strong>${esc(c.id)}</strong> ${esc(c.topic)} ${badge(c.verdict)} <span class="muted">rule results</span> ${badge(c.status)}</summary>
<p><strong>What it asks (paraphrased):</strong> ${esc(c.summary)}</p>
<p><strong>How the kit addresses it (${esc(c.coverage)}):</strong> ${esc(c.implementation)}</p>
<p><strong>Responsibility (${esc(c.responsibility)}):</strong> ${esc(c.rationale)} <strong>Verdict (${esc(c.verdict)}):</strong> ${esc(c.verdictBasis)}</p>
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
.st-met{background:#d1f0d8;color:#0f5323}.st-partially-met,.st-risk-accepted,.st-review-soon{background:#fff1c2;color:#6b4a00}.st-not-met,.st-expired{background:#ffd7d5;color:#82071e}
.st-not-assessed,.st-by-design,.st-uncategorised,.st-current{background:#e8eaed;color:#3d444d}
.notice{border:3px solid #82071e;background:#ffd7d5;color:#82071e;padding:.6rem .8rem;font-weight:700}ul.warn li{color:#82071e}
table.matrix{width:auto}table.matrix td:not(:first-child){text-align:right}
.muted{color:#57606a}details.control{border:1px solid #d0d7de;border-radius:.4rem;padding:.4rem .7rem;margin:.5rem 0}
summary{cursor:pointer}dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}dt{font-weight:600}
nav a{margin-right:1rem}.verdict{font-size:1.1rem;font-weight:600}
@media print{details{display:block}details>*{display:block}#summary{page-break-after:always}}
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
  const unmapped = unmappedRules(m);
  const unmappedRows = m.results.filter((r) => r.ismControls.length === 0 && r.status !== 'Compliant');
  const open = m.nag.totals['Non-compliant'];
  const agencies = m.config?.agencies ?? [];
  const controlRows = m.controls.map((c) => [
    `<a href="#${esc(c.id)}">${esc(c.id)}</a>${c.verified ? '' : ' <span class="muted">(unverified)</span>'}`,
    esc(c.topic),
    esc(c.summary),
    esc(c.responsibility),
    badge(c.verdict),
    badge(c.status),
    c.rules.map((r) => `<code>${esc(r.ruleId)}</code>`).join(' '),
  ]);

  yield `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>ISM evidence pack: wickr-cdk-kit ${esc(m.generator.version)}</title><style>${STYLE}</style></head>
<body>
${m.run.notice ? `<p class="notice">${esc(m.run.notice)}</p>\n` : ''}<header><h1>ISM evidence pack: wickr-cdk-kit</h1>
<dl>
<dt>Agencies</dt><dd>${agencies.map((a) => `${esc(a.name)} (${esc(a.id)}, ${esc(a.classification)})`).join('; ') || 'not recorded'}</dd>
<dt>Kit version</dt><dd>${esc(m.generator.version)}</dd>
<dt>Config</dt><dd>${m.config ? `<code>${esc(m.config.source)}</code>, SHA-256 <code>${esc(m.config.sha256)}</code>` : 'not recorded'}</dd>
<dt>Generated</dt><dd>${esc(m.generatedAt)}</dd>
<dt>Nag mode</dt><dd>${esc(m.nag.mode)}; packs ${m.nag.packs.map((p) => `<code>${esc(p)}</code>`).join(', ') || 'none (nag off: no rule results)'}</dd>
<dt>ISM baseline</dt><dd>${esc(baselineLine(m))}</dd>
<dt>Kit's control ids</dt><dd>verified against the ISM ${esc(m.ism.release)} (OSCAL ${esc(m.ism.oscalVersion)})${m.baseline.evaluated ? `, checked again against the ${esc(m.baseline.release)} catalog supplied` : ''}</dd>
</dl>
<p class="verdict">${m.nag.packs.length === 0 ? 'Nag did not run: no rule results.' : open === 0 ? 'No open findings: every failing result is acknowledged with a reason.' : `${open} open finding(s): see the controls marked Non-compliant.`}</p>
<nav><a href="#summary">Summary</a><a href="#baseline">Baseline</a><a href="#controls">Kit's controls</a><a href="#acknowledgements">Acknowledgements</a><a href="#unmapped">Other rules</a><a href="#residency">Data residency</a><a href="#retention">Retention</a><a href="#keys">KMS keys</a><a href="#trails">Audit and guardrails</a><a href="#federation">Federation map</a><a href="#files">Files</a></nav>
</header>
${summary(m)}
${baselineSection(m)}
<section id="controls"><h2>Controls the kit cites</h2>
<p>Every ISM control the kit cites, with who answers for it, its verdict, and the rule results it rests on. Summaries are paraphrases; the ISM's own wording is authoritative.
The <strong>verdict</strong> is <strong>met</strong> only when the kit answers for all of the control and every rule that checks it passed or was acknowledged by design; <strong>partially-met</strong> when the kit covers part of it or a risk was accepted; <strong>not-met</strong> when a failure is open or a risk acceptance expired; <strong>not-assessed</strong> when nothing in this synth checks it.
The <strong>rule results</strong> say what the rules found: Compliant when no result failed, Acknowledged when every failing result carries an acknowledgement (listed below), Non-compliant when a failure is open, Not applicable when its rules found no resource to check, Not checked when no rule checks it at synth time.</p>
${table(['Control', 'Topic', 'What it asks (paraphrased)', 'Responsibility', 'Verdict', 'Rule results', 'Rules'], controlRows, true, ' id="control-table"')}
`;
  for (const c of m.controls) yield `${controlDetails(c, byControl)}\n`;
  yield `</section>
<section id="acknowledgements"><h2>Acknowledgements</h2>
<p>Each acknowledgement once, with its category, the reason an assessor reads and what it covers. <strong>by-design</strong>: the kit's design meets the control another way (the kit's entries, <code>lib/nag/acknowledgements.ts</code>); <strong>risk-accepted</strong>: someone accepted the risk until a review date (the agency's <code>riskAcceptances</code> in the config). CDK records each under <code>suppressedViolations</code> in <code>validation-report.json</code>; the constructs each was declared on are in <code>results.csv</code>.</p>
${acknowledgements(m.acknowledgements)}
</section>
<section id="unmapped"><h2>Rules not mapped to an ISM control</h2>
<p>Results of AWS Solutions and NIST 800-53 rev 5 rules the kit does not map to an ISM control.</p>
${ruleTable(unmapped)}
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
<footer class="muted"><p>Regenerate with <code>npm ci &amp;&amp; npx cdk synth -c strict=true -c ismOscal=&lt;folder&gt;</code>; see docs/assessor-guide.md. The kit's ISM ids were verified against ${esc(m.ism.catalog)}.${m.baseline.evaluated ? ' Baseline data: Australian Signals Directorate, Information Security Manual, OSCAL edition (CC BY 4.0).' : ''}</p></footer>
</body></html>
`;
}
