#!/usr/bin/env node
/**
 * The CDK app: `npx cdk synth` (example config) or `npx cdk synth -c config=<path>`.
 * Bad config ends the process with one line per problem and exit code 1, never a stack trace.
 */
import { KitConfigError } from '../lib/config/errors';
import { buildKitApp } from '../lib/kit-app';

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
  kit.app.synth();
}

main();
