import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as kit from '../../lib';
import { packageRoot } from '../../lib/package-root';

describe('the library surface (lib/index.ts)', () => {
  test('exports every public construct and stack an agency composes à la carte', () => {
    for (const name of [
      'RegionalKeys',
      'RetentionStorage',
      'WickrProvider',
      'WickrNetwork',
      'NetworkSettings',
      'SecurityGroup',
      'WickrSso',
      'WickrUsers',
      'DataRetention',
      'NetworkFederation',
      'WickrAuditTrail',
      'RegionRestriction',
      'LostDeviceRunbook',
      'WickrRegionStack',
      'WickrFederationStack',
      'WickrRecordsStack',
      'BotHost',
      'DataRetentionBotHost',
      'WickrPipelineStack',
      'IsmChecks',
      'buildKitApp',
      'addKitStacks',
      'loadConfigFile',
      'writeEvidencePack',
      'addKitNagPacks',
      'NagRecorder',
      'synthKitApp',
    ]) {
      expect([name, typeof (kit as Record<string, unknown>)[name]]).toEqual([name, 'function']);
    }
  });

  test('exports no zod schema: the config is plain types, parsed with loadConfigFile or parseConfig', () => {
    for (const name of ['KitConfigSchema', 'AgencySchema', 'FederationSchema', 'PipelineSchema']) expect([name, name in kit]).toEqual([name, false]);
    expect(typeof kit.parseConfig).toBe('function');
  });

  test("the README's à la carte app is the consumer app the packaging test runs, verbatim", () => {
    const readme = readFileSync(join(packageRoot(), 'README.md'), 'utf8');
    const app = readFileSync(join(packageRoot(), 'test', 'package', 'consumer', 'bin', 'app.ts'), 'utf8');
    expect(readme).toContain('```ts\n' + app + '```');
  });
});
