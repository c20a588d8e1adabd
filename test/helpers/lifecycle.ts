import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import * as provider from '../../lambda/handlers/wickr-provider';
import { parseConfig } from '../../lib/config/loader';
import { buildKitApp } from '../../lib/kit-app';
import { NagMode } from '../../lib/nag/nag-mode';
import { type Emulator, type EmulatorOptions, startEmulator } from '../emulator';
import { LifecycleHarness, type LifecycleHarnessOptions, type StackInput } from '../lifecycle/harness';
import { EXAMPLE_CONFIG, testAppProps } from './kit';

/** Synthesizes the kit's app for a config text; returns every stack as the harness takes it, in deploy order. */
export function synthKit(configText: string, source = 'test.yaml'): StackInput[] {
  return synthKitAssembly(configText, source).stacks;
}

/** As `synthKit`, with the cloud assembly's directory (where the assets are, `asset.<hash>/`) and optional `-c` context. */
export function synthKitAssembly(configText: string, source = 'test.yaml', context: Record<string, unknown> = {}): { stacks: StackInput[]; directory: string } {
  const config = parseConfig(configText, source);
  const kit = buildKitApp({ appProps: testAppProps(context), loaded: { config, source, text: configText }, nagMode: NagMode.OFF });
  const assembly = kit.app.synth();
  // Dependencies first, as `cdk deploy --all` orders them.
  const ordered: string[] = [];
  const visit = (name: string, seen = new Set<string>()) => {
    if (ordered.includes(name) || seen.has(name)) return;
    seen.add(name);
    const artifact = assembly.getStackByName(name);
    for (const dep of artifact.dependencies) if (dep.id !== undefined && assembly.stacks.some((s) => s.id === dep.id)) visit(assembly.getStackArtifact(dep.id).stackName, seen);
    ordered.push(name);
  };
  for (const s of assembly.stacks) visit(s.stackName);
  const stacks = ordered.map((name) => {
    const artifact = assembly.getStackByName(name);
    return { stackName: name, region: artifact.environment.region, template: artifact.template };
  });
  return { stacks, directory: assembly.directory };
}

export function exampleConfigText(): string {
  return readFileSync(EXAMPLE_CONFIG, 'utf8');
}

/**
 * The example without data retention, with an optional edit of the YAML document. A retention bot
 * must start and register during the deploy, which only the data-retention suite simulates; suites
 * about networks, groups, SSO and users neither need nor touch it.
 */
export function exampleWithoutRetention(edit?: (doc: YAML.Document) => void): string {
  const doc = YAML.parseDocument(exampleConfigText());
  for (const n of (doc.getIn(['agencies', 0, 'networks']) as YAML.YAMLSeq<YAML.YAMLMap>).items) n.delete('dataRetention');
  edit?.(doc);
  return doc.toString();
}

/** Where the example's SSO client secret lives, and a value for it that tests can look for in logs. */
export const EXAMPLE_SSO_SECRET = { region: 'ap-southeast-2', name: 'dea/wickr/oidc-client-secret', value: 'idp-client-secret-4f9a1c7e-never-logged' } as const;

/** The agency creates the IdP client secret before deploying (the example names it); do the same in the stand-in. */
export async function seedExampleSsoSecret(kit: KitLifecycle): Promise<void> {
  const { region, name, value } = EXAMPLE_SSO_SECRET;
  const { secretsManager } = await kit.harness.start();
  if (secretsManager.secretsIn(region).some((x) => x.name === name)) secretsManager.putSecretValue(region, name, { secretString: value });
  else secretsManager.createSecret(region, { name, secretString: value });
}

export interface KitLifecycle {
  readonly emulator: Emulator;
  /** The current harness (a fresh one after `reset()`). */
  readonly harness: LifecycleHarness;
  /** Forgets every deployed stack and the emulator's state: a clean account for the next test. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** The emulator plus a harness driving the kit's real provider handlers against it. */
export async function startKitLifecycle(
  options: { emulator?: EmulatorOptions; harness?: Partial<LifecycleHarnessOptions> } = {},
): Promise<KitLifecycle> {
  const emulator = await startEmulator(options.emulator);
  const make = () => new LifecycleHarness({ handler: provider, wickrEndpoint: emulator.url, ...options.harness });
  let harness = make();
  return {
    emulator,
    get harness() {
      return harness;
    },
    async reset() {
      await harness.close();
      harness = make();
      emulator.reset();
    },
    async close() {
      await harness.close();
      await emulator.close();
    },
  };
}

/** The emulator's write requests (secrets redacted), as "Operation" names. */
export function writes(emulator: Emulator): string[] {
  return emulator.requests.filter((r) => r.access === 'write').map((r) => r.operation ?? '?');
}
