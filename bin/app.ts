#!/usr/bin/env node
/**
 * The CDK app: `npx cdk synth` (example config) or `npx cdk synth -c config=<path>`.
 * Bad config ends the process with one line per problem and exit code 1, never a stack trace.
 */
import { KitConfigError } from '../lib/config/errors';
import { buildKitApp } from '../lib/kit-app';
import { writeComplianceEvidence } from '../lib/nag/evidence/writer';

function main(): void {
  let kit;
  try {
    kit = buildKitApp();
  } catch (e) {
    if (KitConfigError.isKitConfigError(e)) {
      process.stderr.write(`wickr-cdk-kit: the config has ${e.problems.length} problem(s):\n${e.lines.join('\n')}\n`);
      process.exit(1);
    }
    throw e;
  }
  const assembly = kit.app.synth();
  // Written even when nag reported findings (the CLI then exits 1), so the report shows them.
  writeComplianceEvidence({ root: kit.app, assembly, recorder: kit.nagRecorder, nagMode: kit.nagMode, loaded: kit.loaded });
}

main();
