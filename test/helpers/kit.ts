import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, AppProps } from 'aws-cdk-lib';
import { packageRoot } from '../../lib/package-root';

/** The feature flags and context of the project's cdk.json, so tests synthesize what `cdk synth` does. */
export function cdkJsonContext(): Record<string, unknown> {
  return (JSON.parse(readFileSync(join(packageRoot(), 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;
}

/** App props for a test app: cdk.json context, a private output folder. */
export function testAppProps(extraContext: Record<string, unknown> = {}): AppProps {
  return { context: { ...cdkJsonContext(), ...extraContext }, outdir: mkdtempSync(join(tmpdir(), 'wickr-kit-test-')) };
}

/** A bare App with the project's context. */
export function testApp(extraContext: Record<string, unknown> = {}): App {
  return new App(testAppProps(extraContext));
}

export const EXAMPLE_CONFIG = join(packageRoot(), 'config', 'example.yaml');

/** Reads the validation report of a synthesized app. */
export function validationReport(outdir: string): {
  pluginReports: {
    pluginName: string;
    violations: { ruleName: string; severity: string; violatingConstructs: { constructPath: string }[] }[];
    suppressedViolations?: { ruleName: string; reason?: string; acknowledgedAt?: string; violatingConstructs: { constructPath: string }[] }[];
  }[];
} {
  return JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
}
