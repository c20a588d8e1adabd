#!/usr/bin/env node
/**
 * The CDK app: `npx cdk synth` (example config) or `npx cdk synth -c config=<path>`.
 * Bad config ends the process with one line per problem and exit code 1, never a stack trace.
 */
import { KitConfigError } from '../lib/config/errors';
import { accountHint, buildKitApp, synthKitApp } from '../lib/kit-app';

/**
 * Anything else that stops the app (a bug, or a construct refusing input the validator let through)
 * is still one line; CDK_DEBUG brings the stack trace back for whoever fixes it.
 */
function unexpected(e: unknown, during: string): never {
  if (process.env.CDK_DEBUG) throw e;
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  process.stderr.write(`wickr-cdk-kit: ${during} failed: ${text.split('\n')[0]} (set CDK_DEBUG=1 for the stack trace)\n`);
  process.exit(1);
}

function main(): void {
  let kit;
  try {
    kit = buildKitApp();
  } catch (e) {
    if (KitConfigError.isKitConfigError(e)) {
      process.stderr.write(`wickr-cdk-kit: the config has ${e.problems.length} problem(s):\n${e.lines.join('\n')}\n`);
      process.exit(1);
    }
    unexpected(e, 'building the app');
  }
  // One line instead of only CDK's "Unable to resolve AWS account" (twice) when cdk diff or deploy needs an account.
  const hint = accountHint(kit);
  if (hint) process.stderr.write(`${hint}\n`);
  try {
    // The evidence pack (cdk.out/compliance/) and the federation map are written even when nag fails.
    synthKitApp(kit);
  } catch (e) {
    if ((e as Error).name === 'ValidationFailed') {
      // The findings, as CDK reports them (run by the CLI, CDK has printed them and this is one line), without a stack trace.
      process.stderr.write(`wickr-cdk-kit: ${(e as Error).message}\n`);
      process.exit(1);
    }
    if (KitConfigError.isKitConfigError(e)) {
      // Strict mode: risk acceptances past review, or cited ISM ids the supplied catalog lacks.
      process.stderr.write(`wickr-cdk-kit: strict synth refuses ${e.problems.length} evidence problem(s) (the evidence pack is written and shows them):\n${e.lines.join('\n')}\n`);
      process.exit(1);
    }
    unexpected(e, 'synth');
  }
}

main();
