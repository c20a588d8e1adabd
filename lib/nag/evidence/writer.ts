/**
 * Writes the evidence pack to `<assembly>/compliance/` (so `cdk.out/compliance/` for `cdk synth`):
 * index.html, report.md, results.csv, evidence.json, oscal-component-definition.json,
 * oscal-assessment-results.json, and any files registered with `addEvidenceFile` (such as the
 * Region-restriction SCP).
 *
 * A pack from a run that was not strict says so at the top of every file: a banner in the reports,
 * `run` first in evidence.json, the `nag_mode` column in results.csv, the title and metadata of the
 * OSCAL documents, a first member (JSON objects) or a first line (other text) in registered files.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { join } from 'node:path';
import { writeCsv } from './csv';
import { htmlParts } from './html';
import { writeJson } from './json';
import { markdownParts } from './markdown';
import { EvidenceInput, EvidenceModel, buildEvidence } from './model';
import { renderOscal } from './oscal';
import { renderAssessmentResults } from './oscal-assessment';
import { evidenceFiles } from './sections';
import { TextSink, writeTextFile } from './text-sink';

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
  // The large files are written piece by piece: at 400 stacks results.csv alone passes what one
  // string can hold. The OSCAL document and the extra files are small (one entry per control).
  const each = (parts: Iterable<string>) => (sink: TextSink) => {
    for (const p of parts) sink.write(p);
  };
  const outputs: [string, (sink: TextSink) => void][] = [
    ['index.html', each(htmlParts(model))],
    ['report.md', each(markdownParts(model))],
    ['results.csv', (sink) => writeCsv(sink, model.results, { nagMode: model.run.nagMode, acknowledgements: model.acknowledgements })],
    ['evidence.json', (sink) => writeJson(sink, model)],
  ];
  const files = outputs.map(([name, write]) => {
    const path = join(directory, name);
    writeTextFile(path, write);
    return path;
  });
  const small: [string, string][] = [
    ['oscal-component-definition.json', `${JSON.stringify(renderOscal(model), null, 2)}\n`],
    ['oscal-assessment-results.json', `${JSON.stringify(renderAssessmentResults(model), null, 2)}\n`],
    ...evidenceFiles(input.root).map((f): [string, string] => [f.fileName, markNonStrict(f.fileName, f.render({ root: input.root.node.root, assembly: input.assembly }), model.run.notice)]),
  ];
  for (const [name, content] of small) {
    const path = join(directory, name);
    writeFileSync(path, content);
    files.push(path);
  }
  return { directory, files, model };
}

/** The member a registered JSON file of a non-strict pack starts with. */
export const NON_STRICT_MEMBER = 'wickrKitNotice';

/**
 * A registered file of a non-strict pack, with the notice first: a first member in a JSON object
 * (which also stops anyone attaching, say, an SCP from a run that was not strict), a first line
 * otherwise. Files of a strict run are written exactly as rendered.
 */
export function markNonStrict(fileName: string, content: string, notice: string | undefined): string {
  if (!notice) return content;
  if (/\.json$/i.test(fileName)) {
    try {
      const value = JSON.parse(content) as unknown;
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) return `${JSON.stringify({ [NON_STRICT_MEMBER]: notice, ...(value as object) }, null, 2)}\n`;
    } catch {
      // Not JSON after all: falls through to a first line.
    }
  }
  return `${/\.md$/i.test(fileName) ? '> ' : '# '}${notice}\n${content}`;
}
