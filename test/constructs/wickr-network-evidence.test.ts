/**
 * The evidence pack says what the kit requests, manages and only reports for each Wickr network,
 * so a requested network key is never read as a control (issue #13: the live service accepts the
 * key and never returns it).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { parseConfig } from '../../lib/config/loader';
import { buildKitApp } from '../../lib/kit-app';
import { writeComplianceEvidence } from '../../lib/nag/evidence/writer';
import { NagMode } from '../../lib/nag/nag-mode';
import { exampleConfigText } from '../helpers/lifecycle';
import { testAppProps } from '../helpers/kit';

function networkSection(text: string): { rows: string[][]; notes: string[] } {
  const props = testAppProps();
  const config = parseConfig(text, 'example.yaml');
  const kit = buildKitApp({ appProps: props, loaded: { config, source: 'example.yaml', text }, nagMode: NagMode.OFF });
  const assembly = kit.app.synth();
  writeComplianceEvidence({ root: kit.app, assembly, recorder: kit.nagRecorder, nagMode: kit.nagMode, loaded: kit.loaded });
  const evidence = JSON.parse(readFileSync(join(props.outdir!, 'compliance', 'evidence.json'), 'utf8'));
  const section = (evidence.sections as { id: string; rows: string[][]; notes: string[] }[]).find((s) => s.id === 'wickr-networks')!;
  expect(section).toBeDefined();
  return section;
}

describe('the evidence pack section on Wickr networks', () => {
  test('the example requests no key, and says so; screen sharing is reported, not managed', () => {
    const { rows, notes } = networkSection(exampleConfigText());
    expect(rows.map((r) => [r[0], r[1], r[2]])).toEqual([
      ['dea-canberra', 'ap-southeast-2', 'PREMIUM'],
      ['dea-london-post', 'eu-west-2', 'PREMIUM'],
      ['dea-tokyo-post', 'ap-northeast-1', 'PREMIUM'],
      ['dea-washington-post', 'us-east-1', 'PREMIUM'],
    ]);
    for (const r of rows) {
      expect(r[4]).toBe('none requested; Wickr protects network data with keys it manages');
      expect(r[5]).toMatch(/^reported, not managed \(CALLING\.canStartScreenShare/);
    }
    expect(notes.join('\n')).toMatch(/federationMode is read as the live-tested peer reads it/);
  });

  test('a requested key is reported as requested and not confirmed, never as applied', () => {
    const doc = YAML.parseDocument(exampleConfigText());
    doc.setIn(['agencies', 0, 'networks', 1, 'requestEncryptionKey'], true);
    const { rows } = networkSection(doc.toString());
    expect(rows.find((r) => r[0] === 'dea-london-post')![4]).toMatch(/^requested \(encryptionKeyArn sent\); NOT confirmed: the service accepts the key and never returns it/);
    expect(rows.find((r) => r[0] === 'dea-canberra')![4]).toMatch(/^none requested/);
  });
});
