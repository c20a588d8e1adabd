/**
 * A toy Provider handler for the harness's own tests: it behaves like a small Wickr handler would
 * (physical ids, Data, a secret written with the real Secrets Manager client, an SSM read in another
 * Region, a registration that isComplete waits for) without any Wickr API.
 */
import { createHash, randomBytes } from 'node:crypto';
import { PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { request as httpRequest } from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { IsCompleteResponse, OnEventResponse, ProviderHandler, ProviderIsCompleteRequest, ProviderOnEventRequest } from '../harness';

export interface ToyJournalEntry {
  readonly phase: 'onEvent' | 'isComplete';
  readonly requestType: string;
  readonly logicalId: string;
  readonly role: string;
  readonly physicalId?: string;
  /** The environment variables the harness promises, as the handler saw them. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface ToyHandler extends ProviderHandler {
  readonly journal: ToyJournalEntry[];
  /** Challenges the handler generated, so tests can look for them in logs. */
  readonly challenges: string[];
  /** Set by a test's poll hook to let a bot's isComplete finish. */
  registered: boolean;
}

const ENV_KEYS = [
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'WICKR_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_SECRETS_MANAGER',
  'AWS_ENDPOINT_URL_SSM',
  'AWS_ENDPOINT_URL_KMS',
  'AWS_ACCESS_KEY_ID',
  'AWS_LAMBDA_FUNCTION_NAME',
  'TOY_SETTING',
];

function networkIdOf(name: string): string {
  const digest = createHash('sha256').update(name).digest();
  return String(10_000_000 + (digest.readUInt32BE(0) % 90_000_000));
}

export function createToyHandler(): ToyHandler {
  const journal: ToyJournalEntry[] = [];
  const challenges: string[] = [];
  const note = (phase: ToyJournalEntry['phase'], event: ProviderOnEventRequest | ProviderIsCompleteRequest): void => {
    journal.push({
      phase,
      requestType: event.RequestType,
      logicalId: event.LogicalResourceId,
      role: String(event.ResourceProperties.Role),
      physicalId: event.PhysicalResourceId,
      env: Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]])),
    });
  };

  const handler: ToyHandler = {
    journal,
    challenges,
    registered: false,

    async onEvent(event): Promise<OnEventResponse | undefined> {
      note('onEvent', event);
      const props = event.ResourceProperties;
      switch (props.Role) {
        case 'network': {
          const physicalId = `network-${props.Name}`;
          if (event.RequestType === 'Delete') {
            console.log(`deleting network ${event.PhysicalResourceId}`);
            return undefined;
          }
          const nameChanged = event.RequestType === 'Update' && event.OldResourceProperties?.Name !== props.Name;
          // Writes only when something really changes: a no-op Update must make zero writes.
          if (event.RequestType === 'Create' || nameChanged) {
            const challenge = randomBytes(12).toString('hex');
            challenges.push(challenge);
            await new SecretsManagerClient({}).send(new PutSecretValueCommand({ SecretId: props.ChallengeSecretArn, SecretString: challenge }));
            console.log(`stored the challenge for network ${props.Name} in its secret`);
            if (props.LeakChallenge === 'true') console.error(`debug: challenge is ${challenge}`);
          }
          process.stdout.write(`network ${props.Name} ready\n`);
          return { PhysicalResourceId: physicalId, Data: { NetworkId: networkIdOf(props.Name), Name: props.Name } };
        }
        case 'group': {
          if (event.RequestType === 'Delete') return undefined;
          const Data = { GroupId: `${props.NetworkId}/${props.Name}` };
          // On Update no PhysicalResourceId: the framework keeps the current one.
          return event.RequestType === 'Create' ? { PhysicalResourceId: `group-${event.LogicalResourceId}`, Data } : { Data };
        }
        case 'bot':
          // No PhysicalResourceId: the framework uses the RequestId on Create and keeps it afterwards.
          if (event.RequestType === 'Delete') return undefined;
          return { Data: { BotName: `compliance_${props.NetworkId}_bot` } };
        case 'reader': {
          if (event.RequestType === 'Delete') return undefined;
          const got = await new SSMClient({ region: props.SourceRegion }).send(new GetParameterCommand({ Name: props.ParameterName }));
          return { PhysicalResourceId: `reader-${props.ParameterName}`, Data: { Value: got.Parameter?.Value } };
        }
        case 'wickr': {
          if (event.RequestType === 'Delete') return undefined;
          const body = await listNetworks();
          return { PhysicalResourceId: 'wickr-probe', Data: { NetworkCount: (body.networks ?? []).length } };
        }
        case 'big':
          return { Data: { Blob: 'x'.repeat(5000) } };
        case 'fail':
          if (event.RequestType === 'Delete') return undefined;
          throw new Error(String(props.Message));
        default:
          throw new Error(`toy handler: unknown Role ${String(props.Role)}`);
      }
    },

    async isComplete(event): Promise<IsCompleteResponse> {
      note('isComplete', event);
      if (event.ResourceProperties.Role === 'bot' && event.RequestType === 'Create' && !handler.registered) {
        console.log(`bot ${event.PhysicalResourceId} not registered yet`);
        return { IsComplete: false };
      }
      return event.ResourceProperties.Role === 'bot' && event.RequestType !== 'Delete'
        ? { IsComplete: true, Data: { Registered: 'yes' } }
        : { IsComplete: true };
    },
  };
  return handler;
}

/**
 * ListNetworks against WICKR_ENDPOINT_URL, signed from the environment the harness sets (region and
 * credentials), the way the kit's Wickr client finds them.
 */
async function listNetworks(): Promise<{ networks?: unknown[] }> {
  const endpoint = new URL(process.env.WICKR_ENDPOINT_URL ?? 'https://wickr.invalid');
  const unsigned = new HttpRequest({
    protocol: endpoint.protocol,
    hostname: endpoint.hostname,
    port: Number(endpoint.port),
    method: 'GET',
    path: '/networks',
    headers: { host: endpoint.host },
  });
  const signer = new SignatureV4({
    service: 'wickr',
    region: process.env.AWS_REGION ?? '',
    sha256: Sha256,
    credentials: {
      accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? '',
      secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? '',
      sessionToken: process.env.AWS_SESSION_TOKEN,
    },
  });
  const signed = await signer.sign(unsigned);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: endpoint.hostname, port: Number(endpoint.port), method: 'GET', path: '/networks', headers: signed.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) reject(new Error(`ListNetworks answered ${res.statusCode}: ${text}`));
        else resolve(JSON.parse(text) as { networks?: unknown[] });
      });
    });
    req.on('error', reject);
    req.end();
  });
}
