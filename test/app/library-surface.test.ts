import * as kit from '../../lib';

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
    ]) {
      expect([name, typeof (kit as Record<string, unknown>)[name]]).toEqual([name, 'function']);
    }
  });
});
