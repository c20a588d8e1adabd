import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ATTACH_VOLUME_ENV, ATTACH_VOLUME_SCRIPT } from '../../lib/constructs/data-retention-host-script';
import { expectSignedAsSmithyDoes } from '../helpers/sigv4';

/**
 * Runs the exact program the bot's host runs at boot (python3, standard library only) against a
 * stand-in for the instance metadata service and the EC2 API on 127.0.0.1.
 */
const REGION = 'ap-southeast-2';
const VOLUME = 'vol-0123456789abcdef0';
const INSTANCE = 'i-0aaaaaaaaaaaaaaaa';
const CREDENTIALS = { AccessKeyId: 'ASIAHOSTROLEEXAMPLE', SecretAccessKey: 'host-role-secret-not-real', Token: 'host-role-session' };
const IMDS_TOKEN = 'imds-token-abc';

type VolumeState = { status: 'available' | 'in-use'; holder?: string; holderStatus?: string };
interface Ec2Request {
  action: string;
  params: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

interface StandIn {
  readonly url: string;
  readonly ec2: Ec2Request[];
  readonly imdsTokens: string[];
  /** What DescribeVolumes answers next (the last entry repeats). */
  volume: VolumeState[];
  /** Errors AttachVolume answers, in order, before it succeeds. */
  attachErrors: { status: number; code: string }[];
  close(): Promise<void>;
}

async function startStandIn(): Promise<StandIn> {
  const ec2: Ec2Request[] = [];
  const imdsTokens: string[] = [];
  const state: { volume: VolumeState[]; attachErrors: { status: number; code: string }[] } = { volume: [{ status: 'available' }], attachErrors: [] };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const url = req.url ?? '';
      if (url === '/latest/api/token' && req.method === 'PUT') return void res.end(IMDS_TOKEN);
      if (url.startsWith('/latest/')) {
        imdsTokens.push(String(req.headers['x-aws-ec2-metadata-token']));
        if (req.headers['x-aws-ec2-metadata-token'] !== IMDS_TOKEN) return void res.writeHead(401).end();
        const answers: Record<string, string> = {
          '/latest/meta-data/instance-id': INSTANCE,
          '/latest/meta-data/placement/region': REGION,
          '/latest/meta-data/iam/security-credentials/': 'bot-host-role\n',
          '/latest/meta-data/iam/security-credentials/bot-host-role': JSON.stringify({ Code: 'Success', ...CREDENTIALS, Expiration: new Date(Date.now() + 3600_000).toISOString() }),
        };
        return answers[url] === undefined ? void res.writeHead(404).end() : void res.end(answers[url]);
      }
      const params = new URLSearchParams(body);
      const action = params.get('Action') ?? '?';
      ec2.push({ action, params, headers: req.headers, body });
      res.setHeader('content-type', 'text/xml');
      if (action === 'DescribeVolumes') {
        const v = state.volume.length > 1 ? state.volume.shift()! : state.volume[0]!;
        const attachment = v.holder ? `<attachmentSet><item><volumeId>${VOLUME}</volumeId><instanceId>${v.holder}</instanceId><device>/dev/xvdf</device><status>${v.holderStatus ?? 'attached'}</status></item></attachmentSet>` : '<attachmentSet/>';
        return void res.end(`<?xml version="1.0" encoding="UTF-8"?>
<DescribeVolumesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><volumeSet><item><volumeId>${VOLUME}</volumeId><status>${v.status}</status>${attachment}</item></volumeSet></DescribeVolumesResponse>`);
      }
      if (action === 'AttachVolume') {
        const error = state.attachErrors.shift();
        if (error) return void res.writeHead(error.status).end(`<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${error.code}</Code><Message>no</Message></Error></Errors><RequestID>r</RequestID></Response>`);
        state.volume = [{ status: 'in-use', holder: params.get('InstanceId') ?? '', holderStatus: 'attaching' }];
        return void res.end(`<AttachVolumeResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><volumeId>${VOLUME}</volumeId><status>attaching</status></AttachVolumeResponse>`);
      }
      res.writeHead(400).end('<Response><Errors><Error><Code>InvalidAction</Code></Error></Errors></Response>');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    ec2,
    imdsTokens,
    get volume() {
      return state.volume;
    },
    set volume(v) {
      state.volume = v;
    },
    get attachErrors() {
      return state.attachErrors;
    },
    set attachErrors(e) {
      state.attachErrors = e;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const scriptFile = join(mkdtempSync(join(tmpdir(), 'wickr-kit-attach-')), 'attach-volume.py');
writeFileSync(scriptFile, ATTACH_VOLUME_SCRIPT);

function runAttach(standIn: StandIn, timeoutSeconds = 20): Promise<{ code: number | null; output: string; notes: Record<string, unknown>[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [scriptFile], {
      env: {
        PATH: process.env.PATH ?? '',
        AWS_EC2_METADATA_SERVICE_ENDPOINT: standIn.url,
        AWS_ENDPOINT_URL_EC2: standIn.url,
        [ATTACH_VOLUME_ENV.volumeId]: VOLUME,
        [ATTACH_VOLUME_ENV.intervalSeconds]: '0.02',
        [ATTACH_VOLUME_ENV.timeoutSeconds]: String(timeoutSeconds),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output, notes: output.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)) }));
  });
}

let standIn: StandIn;
beforeEach(async () => {
  standIn = await startStandIn();
});
afterEach(() => standIn.close());

describe("the host's volume-attach program", () => {
  test('waits while the previous host still holds the volume, then attaches it to this host once, and returns when it is attaching', async () => {
    standIn.volume = [{ status: 'in-use', holder: 'i-0previoushost000' }, { status: 'in-use', holder: 'i-0previoushost000', holderStatus: 'detaching' }, { status: 'available' }];
    const { code, notes } = await runAttach(standIn);
    expect(code).toBe(0);
    expect(standIn.ec2.map((r) => r.action)).toEqual(['DescribeVolumes', 'DescribeVolumes', 'DescribeVolumes', 'AttachVolume', 'DescribeVolumes']);
    const attach = standIn.ec2.find((r) => r.action === 'AttachVolume')!;
    expect(Object.fromEntries(attach.params)).toEqual({ Action: 'AttachVolume', Version: '2016-11-15', VolumeId: VOLUME, InstanceId: INSTANCE, Device: '/dev/xvdf' });
    expect(notes.map((n) => n.message)).toEqual([
      'waiting for the bot state volume: another host still holds it',
      'waiting for the bot state volume: another host still holds it',
      'attaching the bot state volume',
      'the bot state volume is attached to this host',
    ]);
    expect(standIn.imdsTokens.every((t) => t === IMDS_TOKEN)).toBe(true);
  });

  test('signs its EC2 calls with the instance role from IMDSv2 exactly as @smithy/signature-v4 does', async () => {
    await runAttach(standIn);
    expect(standIn.ec2.length).toBeGreaterThan(0);
    const signed = await expectSignedAsSmithyDoes(standIn.ec2, {
      service: 'ec2',
      region: REGION,
      port: Number(new URL(standIn.url).port),
      credentials: { accessKeyId: CREDENTIALS.AccessKeyId, secretAccessKey: CREDENTIALS.SecretAccessKey, sessionToken: CREDENTIALS.Token },
    });
    for (const names of signed) expect(names).toEqual(['content-type', 'host', 'x-amz-date', 'x-amz-security-token']);
    for (const r of standIn.ec2) expect(r.headers['x-amz-security-token']).toBe(CREDENTIALS.Token);
  });

  test('retries an attach that lost a race (VolumeInUse), and returns at once when the volume is already attached to this host', async () => {
    standIn.attachErrors = [{ status: 400, code: 'VolumeInUse' }];
    const raced = await runAttach(standIn);
    expect(raced.code).toBe(0);
    expect(standIn.ec2.filter((r) => r.action === 'AttachVolume')).toHaveLength(2);
    expect(raced.notes).toContainEqual(expect.objectContaining({ level: 'WARN', error: 'VolumeInUse' }));

    standIn.ec2.length = 0;
    standIn.volume = [{ status: 'in-use', holder: INSTANCE }];
    const again = await runAttach(standIn);
    expect(again.code).toBe(0);
    expect(standIn.ec2.map((r) => r.action)).toEqual(['DescribeVolumes']);
  });

  test('gives up at once when it is not allowed to attach, so no bot runs on this host', async () => {
    standIn.attachErrors = [{ status: 403, code: 'UnauthorizedOperation' }];
    const { code, notes } = await runAttach(standIn);
    expect(code).toBe(1);
    expect(standIn.ec2.filter((r) => r.action === 'AttachVolume')).toHaveLength(1);
    expect(notes.at(-1)).toMatchObject({ level: 'ERROR', message: 'cannot attach the bot state volume; no bot will run on this host', error: 'UnauthorizedOperation', volume: VOLUME });
  });

  test('gives up after its timeout while another host keeps the volume', async () => {
    standIn.volume = [{ status: 'in-use', holder: 'i-0previoushost000' }];
    const { code, notes, output } = await runAttach(standIn, 0.2);
    expect(code).toBe(1);
    expect(standIn.ec2.some((r) => r.action === 'AttachVolume')).toBe(false);
    expect(notes.at(-1)).toMatchObject({ level: 'ERROR', message: 'gave up waiting for the bot state volume; no bot will run on this host' });
    expect(output).not.toContain(CREDENTIALS.SecretAccessKey);
    expect(output).not.toContain(CREDENTIALS.Token);
  });
});
