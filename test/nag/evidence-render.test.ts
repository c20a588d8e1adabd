import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildKitApp } from '../../lib/kit-app';
import { writeComplianceEvidence } from '../../lib/nag/evidence/writer';
import { ISM_CONTROLS } from '../../lib/nag/ism-controls';
import { NagMode } from '../../lib/nag/nag-mode';
import { EXAMPLE_CONFIG, testAppProps } from '../helpers/kit';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const hasChromium = existsSync(CHROMIUM);
const renderTest = hasChromium ? test : test.skip;

describe('the HTML evidence report in a browser', () => {
  renderTest(
    hasChromium
      ? 'renders in headless Chromium and lists every ISM control with its status'
      : `renders in headless Chromium (skipped: ${CHROMIUM} is not installed; .ci/run installs it when it runs as root with apt-get)`,
    async () => {
      const props = testAppProps();
      const kit = buildKitApp({ appProps: props, configPath: EXAMPLE_CONFIG, nagMode: NagMode.STRICT });
      const { directory } = writeComplianceEvidence({ root: kit.app, assembly: kit.app.synth(), recorder: kit.nagRecorder, nagMode: kit.nagMode, loaded: kit.loaded });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { chromium } = require('playwright-core') as typeof import('playwright-core');
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
      try {
        const page = await browser.newPage();
        const requests: string[] = [];
        page.on('request', (r) => requests.push(r.url()));
        await page.goto(pathToFileURL(join(directory, 'index.html')).href);
        expect(await page.title()).toMatch(/^ISM evidence pack: wickr-cdk-kit \d+\.\d+\.\d+$/);
        // Each control's row: its verdict, then the status of the rule results that bear on it.
        const rows = await page.$$eval('#control-table tbody tr', (trs) =>
          trs.map((tr) => [tr.querySelector('td a')?.textContent ?? '', ...[...tr.querySelectorAll('.badge')].map((b) => b.textContent ?? '')]),
        );
        expect(rows.map(([id]) => id)).toEqual(Object.keys(ISM_CONTROLS));
        for (const [id, verdict, status] of rows) {
          expect([id, ['met', 'partially-met', 'not-met', 'not-assessed'].includes(verdict)]).toEqual([id, true]);
          expect([id, ['Compliant', 'Acknowledged', 'Non-compliant', 'Not applicable', 'Not checked'].includes(status)]).toEqual([id, true]);
        }
        expect(await page.locator('.verdict').textContent()).toBe('No open findings: every failing result is acknowledged with a reason.');
        // Self-contained: the page loaded nothing but itself.
        expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
        expect(await page.locator('script').count()).toBe(0);
      } finally {
        await browser.close();
      }
    },
  );
});
