/**
 * Writes the evidence pack to `<assembly>/compliance/` (so `cdk.out/compliance/` for `cdk synth`):
 * index.html, report.md, results.csv, evidence.json, oscal-component-definition.json, and any
 * files registered with `addEvidenceFile` (such as the Region-restriction SCP).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { join } from 'node:path';
import { renderCsv } from './csv';
import { renderHtml } from './html';
import { renderJson } from './json';
import { renderMarkdown } from './markdown';
import { EvidenceInput, EvidenceModel, buildEvidence } from './model';
import { renderOscal } from './oscal';
import { evidenceFiles } from './sections';

/** The folder of the evidence pack inside the cloud assembly. */
export const COMPLIANCE_DIR = 'compliance';

export interface EvidenceWriteResult {
  /** The folder written. */
  readonly directory: string;
  /** Paths of the files written. */
  readonly files: readonly string[];
  readonly model: EvidenceModel;
}

/**
 * Synthesizes the app, then writes the evidence pack. When the nag packs fail synth (CDK throws
 * `ValidationFailed` after the assembly is written), the pack is still written from the assembly on
 * disk, so the report shows the open findings, and the error is rethrown.
 */
export function synthWithEvidence(app: App, input: Omit<EvidenceInput, 'root' | 'assembly'>): CloudAssembly {
  let assembly: CloudAssembly;
  try {
    assembly = app.synth();
  } catch (e) {
    if ((e as Error).name === 'ValidationFailed') writeComplianceEvidence({ ...input, root: app, assembly: new CloudAssembly(app.outdir) });
    throw e;
  }
  writeComplianceEvidence({ ...input, root: app, assembly });
  return assembly;
}

export function writeComplianceEvidence(input: EvidenceInput): EvidenceWriteResult {
  const model = buildEvidence(input);
  const directory = join(input.assembly.directory, COMPLIANCE_DIR);
  // A fresh folder each synth, so no file of an earlier run can pass for current evidence.
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(directory, { recursive: true });
  const outputs: [string, string][] = [
    ['index.html', renderHtml(model)],
    ['report.md', renderMarkdown(model)],
    ['results.csv', renderCsv(model.results)],
    ['evidence.json', renderJson(model)],
    ['oscal-component-definition.json', `${JSON.stringify(renderOscal(model), null, 2)}\n`],
    ...evidenceFiles(input.root).map((f): [string, string] => [f.fileName, f.render({ root: input.root.node.root, assembly: input.assembly })]),
  ];
  const files = outputs.map(([name, content]) => {
    const path = join(directory, name);
    writeFileSync(path, content);
    return path;
  });
  return { directory, files, model };
}
