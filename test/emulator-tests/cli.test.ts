import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { invoke } from './support/http';

const ROOT = join(__dirname, '..', '..');

function waitFor(child: ChildProcessWithoutNullStreams, pattern: RegExp, output: { text: string }): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const m = pattern.exec(output.text);
      if (m) {
        child.stdout.off('data', check);
        resolve(m);
      }
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => reject(new Error(`emulator CLI exited (${code}) before printing ${pattern}: ${output.text}`)));
    check();
  });
}

describe('emulator CLI (npm run emulator)', () => {
  it('prints its URL and credentials, logs requests, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, ['scripts/run-ts.mjs', 'test/emulator/cli.ts', '--port', '0', '--seed', '3'], { cwd: ROOT });
    const output = { text: '' };
    child.stdout.on('data', (chunk: Buffer) => (output.text += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output.text += chunk.toString('utf8')));
    try {
      const [, url] = await waitFor(child, /listening on (http:\/\/127\.0\.0\.1:\d+)/, output);
      expect(output.text).toContain('AWS_ACCESS_KEY_ID=AKIDEXAMPLETESTONLY');
      expect(output.text).toContain('AWS_SECRET_ACCESS_KEY=test-secret-access-key-not-real');
      const target = { url, credentials: { accessKeyId: 'AKIDEXAMPLETESTONLY', secretAccessKey: 'test-secret-access-key-not-real' } };
      const res = await invoke(target, 'ListNetworks', {}, { region: 'eu-west-2' });
      expect(res.status).toBe(200);
      await waitFor(child, /eu-west-2 ListNetworks 200/, output);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
    expect(output.text).toContain('received SIGTERM, stopping');
  });

  it('fails with usage on an unknown argument', async () => {
    const child = spawn(process.execPath, ['scripts/run-ts.mjs', 'test/emulator/cli.ts', '--bogus'], { cwd: ROOT });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(err).toContain('unknown argument --bogus');
    expect(err).toContain('usage: npm run emulator --');
  });
});
