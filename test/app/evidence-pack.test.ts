import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NagRecorder, RegionalKeys, RetentionStorage, WickrAuditTrail, WickrNetwork, addKitNagPacks, setIsmPolicy, writeEvidencePack } from '../../lib';
import { NagMode } from '../../lib/nag/nag-mode';
import { testApp } from '../helpers/kit';

function agencyApp(withRecorder = true) {
  const app = testApp();
  addKitNagPacks(app, { mode: NagMode.STRICT, ...(withRecorder ? { recorder: new NagRecorder() } : {}) });
  const stack = new Stack(app, 'Agency', { env: { region: 'ap-southeast-2' } });
  setIsmPolicy(stack, { allowedRegions: ['ap-southeast-2'] });
  const keys = new RegionalKeys(stack, 'Keys');
  const records = new RetentionStorage(stack, 'Records', { encryptionKey: keys.retentionKey });
  new WickrAuditTrail(stack, 'AuditTrail', { encryptionKey: keys.logsKey, recordsBuckets: [records.bucket], accessLogsBucket: records.accessLogsBucket });
  new WickrNetwork(stack, 'Network', { networkName: 'dea' });
  return { app, stack };
}

const evidence = (dir: string) => JSON.parse(readFileSync(join(dir, 'evidence.json'), 'utf8')) as { nag: { mode: string; totals: Record<string, number> } };

describe('writeEvidencePack: the evidence pack from any app', () => {
  test('synthesizes and writes compliance/ with the mode and recorder addKitNagPacks registered', () => {
    const { app } = agencyApp();
    const pack = writeEvidencePack(app);
    expect(pack.directory).toBe(join(app.outdir, 'compliance'));
    expect(pack.assembly.getStackByName('Agency').templateFile).toBe('Agency.template.json');
    expect(pack.federationMapFiles).toEqual([]);
    for (const f of ['index.html', 'report.md', 'results.csv', 'evidence.json', 'oscal-component-definition.json']) expect(existsSync(join(pack.directory, f))).toBe(true);
    expect(evidence(pack.directory).nag.mode).toBe('strict');
    expect(evidence(pack.directory).nag.totals).toEqual(expect.objectContaining({ 'Non-compliant': 0 }));
    expect(evidence(pack.directory).nag.totals.Compliant).toBeGreaterThan(50);
  });

  test('writes the pack even when a finding fails synth, then rethrows ValidationFailed', () => {
    const { app, stack } = agencyApp();
    new logs.LogGroup(stack, 'Unencrypted');
    expect(() => writeEvidencePack(app)).toThrow(expect.objectContaining({ name: 'ValidationFailed' }));
    expect(evidence(join(app.outdir, 'compliance')).nag.totals['Non-compliant']).toBeGreaterThan(0);
  });

  test('fails before synth when the packs run without a recorder, naming the fix', () => {
    const { app } = agencyApp(false);
    expect(() => writeEvidencePack(app)).toThrow(
      'the nag packs run on this app (strict) without a recorder, so the evidence pack would show every control as not checked: ' +
        'add them with addKitNagPacks(app, { recorder: new NagRecorder() }), or pass writeEvidencePack(app, { recorder })',
    );
    expect(existsSync(join(app.outdir, 'manifest.json'))).toBe(false);
  });
});
