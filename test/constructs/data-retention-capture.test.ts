import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CAPTURED_OUTPUT_KEY, PASSWORD_CAPTURE_SCRIPT } from '../../lib/constructs/data-retention-capture';
import { expectSignedAsSmithyDoes } from '../helpers/sigv4';
import { type AwsStandIns, startAwsStandIns } from '../lifecycle/stand-ins';

/**
 * Runs the exact program the bot's task runs (`node -e <script>`) against the Secrets Manager
 * stand-in, and feeds it what Fluent Bit's `http` output (format json_lines) would post.
 */
const REGION = 'ap-southeast-2';
const CHALLENGE = 'Challenge-0123456789abcdefXYZ';
const GENERATED = 'Gen3rated_Pa55word-9f8e7d6c5b4a';
const CONFIG = { s3_bucket_name: 'dea-wickr-records', s3_region: REGION, s3_folder_name: 'canberra', sns_topic_arn: 'arn:aws:sns:ap-southeast-2:123456789012:bot' };

let standIns: AwsStandIns;
beforeAll(async () => {
  standIns = await startAwsStandIns({ regions: [REGION] });
});
afterAll(() => standIns.close());

interface Capture {
  readonly child: ChildProcess;
  readonly port: number;
  readonly stdout: () => string;
  readonly stderr: () => string;
  post(lines: (string | { log: string; source?: string })[]): Promise<number>;
  stop(): Promise<void>;
}

let secretSeq = 0;
function newSecret(value?: Record<string, unknown>): string {
  return standIns.secretsManager.createSecret(REGION, {
    name: `bot-secret-${++secretSeq}`,
    ...(value ? { secretString: JSON.stringify(value) } : {}),
  }).arn;
}

function secretJson(arn: string): Record<string, unknown> {
  return JSON.parse(standIns.secretsManager.currentValue(REGION, arn) ?? '{}');
}

async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`never happened: ${what}`);
}

async function startCapture(secretId: string, env: Record<string, string> = {}): Promise<Capture> {
  const child = spawn(process.execPath, ['-e', PASSWORD_CAPTURE_SCRIPT], {
    env: {
      PATH: process.env.PATH ?? '',
      WICKR_KIT_SECRET_ID: secretId,
      WICKR_KIT_SECRET_REGION: REGION,
      WICKR_KIT_CAPTURE_PORT: '0',
      WICKR_KIT_CAPTURE_HOLD_MS: '40',
      WICKR_KIT_CAPTURE_RETRY_BASE_MS: '5',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: standIns.secretsManager.url,
      ...(env.AWS_CONTAINER_CREDENTIALS_FULL_URI
        ? {}
        : { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLETESTONLY', AWS_SECRET_ACCESS_KEY: 'test-secret-access-key-not-real', AWS_SESSION_TOKEN: 'session' }),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  await eventually(() => /password capture listening/.test(out), 'capture listening');
  const port = JSON.parse(out.split('\n').find((l) => l.includes('password capture listening'))!).port as number;
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    child,
    port,
    stdout: () => out,
    stderr: () => err,
    post: (lines) =>
      new Promise((resolve, reject) => {
        const body = lines.map((l) => JSON.stringify({ date: 1700000000.5, ...(typeof l === 'string' ? { log: l, source: 'stdout' } : l), container_name: 'bot' })).join('\n') + '\n';
        const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/bot-output', headers: { 'content-type': 'application/json' } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end(body);
      }),
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

describe('the password-capture sidecar program', () => {
  test('stores a password printed on the banner line in the secret, keeps the other keys, and never lets it reach the log', async () => {
    const arn = newSecret({ password: CHALLENGE, ...CONFIG });
    const capture = await startCapture(arn);
    expect(await capture.post(['starting compliance bot', 'Login successful'])).toBe(200);
    await capture.post([`*** GENERATED PASSWORD: ${GENERATED} (DO NOT LOSE) ***`, 'saving state', 'connected to messaging', 'ready']);
    await capture.post([`debug: password in use ${GENERATED}`, `echo of the challenge ${CHALLENGE}`, 'after the banner']);
    await eventually(() => secretJson(arn).password === GENERATED, 'password stored');
    await capture.stop();

    const secret = secretJson(arn);
    expect(secret).toMatchObject({ ...CONFIG, password: GENERATED });
    expect(secret[CAPTURED_OUTPUT_KEY]).toContain(GENERATED);
    const log = capture.stdout() + capture.stderr();
    expect(log).not.toContain(GENERATED);
    expect(log).not.toContain(CHALLENGE);
    expect(log).not.toMatch(/GENERATED PASSWORD/);
    const passed = capture.stdout().split('\n').filter((l) => !l.startsWith('{'));
    // "Login successful" was held back as the line before the banner, so it was withheld with it.
    expect(passed).toEqual(['starting compliance bot', 'debug: password in use ***', 'echo of the challenge ***', 'after the banner', '']);
    expect(log).toMatch(/"level":"INFO".*stored the password the bot generated in its secret/);
    expect(log).toMatch(/withheld the lines around the generated-password banner from the log","withheldLines":5/);
  });

  test('reads the password from the line after the banner, and passes stderr on as stderr', async () => {
    const arn = newSecret({ password: CHALLENGE, ...CONFIG });
    const capture = await startCapture(arn);
    await capture.post([{ log: 'warming up', source: 'stderr' }]);
    await capture.post(['========================================', 'GENERATED PASSWORD - DO NOT LOSE', GENERATED, '========================================', 'state saved']);
    await capture.post(['2025-01-20 10:00:01 INFO listening for messages']);
    await eventually(() => secretJson(arn).password === GENERATED, 'password stored');
    await capture.stop();
    expect(capture.stderr()).toBe('warming up\n');
    expect(capture.stdout()).not.toContain(GENERATED);
    expect(capture.stdout()).toContain('2025-01-20 10:00:01 INFO listening for messages');
  });

  test('does not guess when the banner holds several candidates: keeps the challenge, stores the withheld lines, and logs an ERROR', async () => {
    const arn = newSecret({ password: CHALLENGE, ...CONFIG });
    const capture = await startCapture(arn);
    await capture.post(['GENERATED PASSWORD candidateNumberOne candidateNumberTwo', 'x', 'y', 'z']);
    await eventually(() => typeof secretJson(arn)[CAPTURED_OUTPUT_KEY] === 'string', 'withheld lines stored');
    await eventually(() => /could not read exactly one password/.test(capture.stdout()), 'error logged');
    await capture.stop();
    expect(secretJson(arn)).toMatchObject({ password: CHALLENGE, ...CONFIG });
    expect(secretJson(arn)[CAPTURED_OUTPUT_KEY]).toBe('GENERATED PASSWORD candidateNumberOne candidateNumberTwo\nx\ny\nz');
    expect(capture.stdout()).not.toMatch(/candidateNumber/);
    expect(capture.stdout()).toMatch(/"level":"ERROR"/);
  });

  test('takes credentials from the ECS container credentials endpoint when the environment has no keys', async () => {
    const arn = newSecret({ password: CHALLENGE, ...CONFIG });
    const seen: string[] = [];
    const credentialsServer: Server = createServer((req, res) => {
      seen.push(String(req.headers.authorization));
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ AccessKeyId: 'ASIATASKROLEEXAMPLE', SecretAccessKey: 'task-role-secret', Token: 'task-session', Expiration: new Date(Date.now() + 3600_000).toISOString() }));
    });
    await new Promise<void>((r) => credentialsServer.listen(0, '127.0.0.1', r));
    const uri = `http://127.0.0.1:${(credentialsServer.address() as AddressInfo).port}/v2/credentials/task`;
    standIns.secretsManager.requests.length = 0;
    const capture = await startCapture(arn, { AWS_CONTAINER_CREDENTIALS_FULL_URI: uri, AWS_CONTAINER_AUTHORIZATION_TOKEN: 'auth-token' });
    await capture.post([`GENERATED PASSWORD: ${GENERATED}`]);
    await eventually(() => secretJson(arn).password === GENERATED, 'password stored');
    await capture.stop();
    await new Promise<void>((r) => credentialsServer.close(() => r()));
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((h) => h === 'auth-token')).toBe(true);
    const writes = standIns.secretsManager.requests.filter((r) => r.operation === 'PutSecretValue');
    expect(writes.map((r) => [r.accessKeyId, r.sessionToken, r.status])).toEqual([['ASIATASKROLEEXAMPLE', true, 200]]);
  });

  test('keeps trying when the secret cannot be written yet, and logs each failure without the password', async () => {
    const name = `late-secret-${++secretSeq}`;
    const capture = await startCapture(name);
    await capture.post([`GENERATED PASSWORD: ${GENERATED}`, 'a', 'b', 'c']);
    await eventually(() => /could not store the generated password in the bot secret; retrying/.test(capture.stdout()), 'failure logged');
    standIns.secretsManager.createSecret(REGION, { name, secretString: JSON.stringify({ password: CHALLENGE, ...CONFIG }) });
    await eventually(() => secretJson(name).password === GENERATED, 'password stored after retry');
    await capture.stop();
    expect(capture.stdout()).toMatch(/"error":"ResourceNotFoundException"/);
    expect(capture.stdout()).not.toContain(GENERATED);
  });

  test('signs its Secrets Manager requests exactly as @smithy/signature-v4 does', async () => {
    const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
    const fake: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        const target = String(req.headers['x-amz-target']);
        res.setHeader('content-type', 'application/x-amz-json-1.1');
        res.end(target.endsWith('GetSecretValue') ? JSON.stringify({ SecretString: JSON.stringify({ password: CHALLENGE }) }) : '{}');
      });
    });
    await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
    const port = (fake.address() as AddressInfo).port;
    const capture = await startCapture('bot-secret', { AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${port}` });
    await capture.post([`GENERATED PASSWORD: ${GENERATED}`]);
    await eventually(() => received.some((r) => String(r.headers['x-amz-target']).endsWith('PutSecretValue')), 'secret written');
    await capture.stop();
    await new Promise<void>((r) => fake.close(() => r()));

    const signed = await expectSignedAsSmithyDoes(received, {
      service: 'secretsmanager',
      region: REGION,
      port,
      credentials: { accessKeyId: 'AKIDEXAMPLETESTONLY', secretAccessKey: 'test-secret-access-key-not-real', sessionToken: 'session' },
    });
    for (const names of signed) expect(names).toEqual(['content-type', 'host', 'x-amz-date', 'x-amz-security-token', 'x-amz-target']);
    expect(received.map((r) => r.headers['x-amz-target'])).toEqual(['secretsmanager.GetSecretValue', 'secretsmanager.GetSecretValue', 'secretsmanager.PutSecretValue']);
  });

  test('fails at start when it is not told which secret to write', async () => {
    const child = spawn(process.execPath, ['-e', PASSWORD_CAPTURE_SCRIPT], { env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(out).toMatch(/WICKR_KIT_SECRET_ID and WICKR_KIT_SECRET_REGION must be set/);
  });
});
