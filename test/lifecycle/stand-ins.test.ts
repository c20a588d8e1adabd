import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import { DeleteParameterCommand, GetParameterCommand, GetParametersCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { startAwsStandIns, type AwsStandIns } from './stand-ins';
import { sendSignedJson } from './stand-ins/signed-client';

const REGION = 'ap-southeast-2';
const OTHER_REGION = 'us-gov-west-1';

let standIns: AwsStandIns;

beforeAll(async () => {
  standIns = await startAwsStandIns({ regions: [REGION, OTHER_REGION] });
});
afterAll(async () => {
  await standIns.close();
});

function secrets(region = REGION): SecretsManagerClient {
  return new SecretsManagerClient({ region, endpoint: standIns.secretsManager.url, maxAttempts: 1 });
}
function ssm(region = REGION): SSMClient {
  return new SSMClient({ region, endpoint: standIns.ssm.url, maxAttempts: 1 });
}
async function kms(target: string, body: unknown, region = REGION): Promise<{ status: number; body: Record<string, unknown> }> {
  return sendSignedJson({ url: standIns.kms.url, signingName: 'kms', region, target: `TrentService.${target}`, body });
}

describe('Secrets Manager stand-in with the real SDK client', () => {
  it('creates, reads by name, ARN and partial ARN, and moves AWSCURRENT/AWSPREVIOUS on PutSecretValue', async () => {
    const client = secrets();
    const created = await client.send(new CreateSecretCommand({ Name: 'toy/first', SecretString: 'value-one', Description: 'd1' }));
    expect(created.ARN).toMatch(/^arn:aws:secretsmanager:ap-southeast-2:123456789012:secret:toy\/first-[A-Za-z]{6}$/);
    const partialArn = created.ARN!.slice(0, -7);
    for (const id of ['toy/first', created.ARN!, partialArn]) {
      const got = await client.send(new GetSecretValueCommand({ SecretId: id }));
      expect(got.SecretString).toBe('value-one');
      expect(got.VersionStages).toEqual(['AWSCURRENT']);
      expect(got.CreatedDate).toBeInstanceOf(Date);
    }
    const put = await client.send(new PutSecretValueCommand({ SecretId: created.ARN, SecretString: 'value-two' }));
    expect(put.VersionStages).toEqual(['AWSCURRENT']);
    const previous = await client.send(new GetSecretValueCommand({ SecretId: 'toy/first', VersionStage: 'AWSPREVIOUS' }));
    expect(previous.SecretString).toBe('value-one');
    expect(previous.VersionId).toBe(created.VersionId);
    const described = await client.send(new DescribeSecretCommand({ SecretId: 'toy/first' }));
    expect(described.VersionIdsToStages).toEqual({ [created.VersionId!]: ['AWSPREVIOUS'], [put.VersionId!]: ['AWSCURRENT'] });
    expect(described.Description).toBe('d1');

    const updated = await client.send(new UpdateSecretCommand({ SecretId: 'toy/first', Description: 'd2', SecretString: 'value-three' }));
    expect(updated.VersionId).toBeDefined();
    expect(standIns.secretsManager.currentValue(REGION, 'toy/first')).toBe('value-three');
    expect((await client.send(new DescribeSecretCommand({ SecretId: 'toy/first' }))).Description).toBe('d2');
  });

  it('keeps values in state but redacts them in the request log', async () => {
    await secrets().send(new CreateSecretCommand({ Name: 'toy/redacted', SecretString: 'do-not-log-me-7f3a' }));
    await secrets().send(new GetSecretValueCommand({ SecretId: 'toy/redacted' }));
    expect(standIns.secretsManager.currentValue(REGION, 'toy/redacted')).toBe('do-not-log-me-7f3a');
    expect(JSON.stringify(standIns.secretsManager.requests)).not.toContain('do-not-log-me-7f3a');
    const last = standIns.secretsManager.requests[standIns.secretsManager.requests.length - 1];
    expect(last).toMatchObject({ operation: 'GetSecretValue', region: REGION, status: 200, response: { SecretString: '<redacted>' } });
  });

  it('rejects a missing secret with ResourceNotFoundException', async () => {
    await expect(secrets().send(new GetSecretValueCommand({ SecretId: 'toy/nope' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: "Secrets Manager can't find the specified secret.",
    });
  });

  it('rejects a second CreateSecret of the same name with ResourceExistsException', async () => {
    await secrets().send(new CreateSecretCommand({ Name: 'toy/twice' }));
    await expect(secrets().send(new CreateSecretCommand({ Name: 'toy/twice' }))).rejects.toMatchObject({
      name: 'ResourceExistsException',
    });
    await expect(secrets().send(new GetSecretValueCommand({ SecretId: 'toy/twice' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT",
    });
  });

  it('keeps Regions apart: a secret in one Region is not found in another', async () => {
    await secrets().send(new CreateSecretCommand({ Name: 'toy/regional', SecretString: 'x' }));
    await expect(secrets(OTHER_REGION).send(new GetSecretValueCommand({ SecretId: 'toy/regional' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('refuses values on a secret marked for deletion, and forgets a force-deleted one', async () => {
    await secrets().send(new CreateSecretCommand({ Name: 'toy/deleted', SecretString: 'x' }));
    await secrets().send(new DeleteSecretCommand({ SecretId: 'toy/deleted', RecoveryWindowInDays: 7 }));
    await expect(secrets().send(new GetSecretValueCommand({ SecretId: 'toy/deleted' }))).rejects.toMatchObject({
      name: 'InvalidRequestException',
    });
    await secrets().send(new DeleteSecretCommand({ SecretId: 'toy/deleted', ForceDeleteWithoutRecovery: true }));
    await expect(secrets().send(new DescribeSecretCommand({ SecretId: 'toy/deleted' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('rejects a secret whose customer KMS key is disabled, via the linked KMS stand-in', async () => {
    const key = standIns.kms.createKey(REGION, { description: 'for secrets' });
    await secrets().send(new CreateSecretCommand({ Name: 'toy/with-key', KmsKeyId: key.arn, SecretString: 'x' }));
    standIns.kms.setEnabled(REGION, key.keyId, false);
    await expect(secrets().send(new PutSecretValueCommand({ SecretId: 'toy/with-key', SecretString: 'y' }))).rejects.toMatchObject({
      name: 'EncryptionFailure',
    });
  });
});

describe('SSM stand-in with the real SDK client', () => {
  it('puts, refuses a second put without Overwrite, overwrites with a new version, and deletes', async () => {
    const client = ssm();
    expect(await client.send(new PutParameterCommand({ Name: '/toy/p', Value: 'v1', Type: 'String' }))).toMatchObject({ Version: 1 });
    await expect(client.send(new PutParameterCommand({ Name: '/toy/p', Value: 'v2', Type: 'String' }))).rejects.toMatchObject({
      name: 'ParameterAlreadyExists',
    });
    expect(await client.send(new PutParameterCommand({ Name: '/toy/p', Value: 'v2', Overwrite: true }))).toMatchObject({ Version: 2 });
    const got = await client.send(new GetParameterCommand({ Name: '/toy/p' }));
    expect(got.Parameter).toMatchObject({
      Name: '/toy/p',
      Value: 'v2',
      Type: 'String',
      Version: 2,
      ARN: 'arn:aws:ssm:ap-southeast-2:123456789012:parameter/toy/p',
    });
    expect((await client.send(new GetParameterCommand({ Name: '/toy/p:1' }))).Parameter?.Value).toBe('v1');
    const many = await client.send(new GetParametersCommand({ Names: ['/toy/p', '/toy/missing'] }));
    expect(many.Parameters?.map((p) => p.Value)).toEqual(['v2']);
    expect(many.InvalidParameters).toEqual(['/toy/missing']);
    await client.send(new DeleteParameterCommand({ Name: '/toy/p' }));
    await expect(client.send(new GetParameterCommand({ Name: '/toy/p' }))).rejects.toMatchObject({ name: 'ParameterNotFound' });
    await expect(client.send(new DeleteParameterCommand({ Name: '/toy/p' }))).rejects.toMatchObject({ name: 'ParameterNotFound' });
  });

  it('keeps each Region its own store, as a cross-Region hand-off needs', async () => {
    await ssm(REGION).send(new PutParameterCommand({ Name: '/toy/regional', Value: 'sydney', Type: 'String' }));
    await ssm(OTHER_REGION).send(new PutParameterCommand({ Name: '/toy/regional', Value: 'govcloud', Type: 'String' }));
    expect((await ssm(REGION).send(new GetParameterCommand({ Name: '/toy/regional' }))).Parameter?.Value).toBe('sydney');
    const gov = await ssm(OTHER_REGION).send(new GetParameterCommand({ Name: '/toy/regional' }));
    expect(gov.Parameter).toMatchObject({ Value: 'govcloud', ARN: 'arn:aws-us-gov:ssm:us-gov-west-1:123456789012:parameter/toy/regional' });
  });

  it('hides a SecureString without WithDecryption and redacts it in the log', async () => {
    await ssm().send(new PutParameterCommand({ Name: '/toy/secure', Value: 'secure-value-91c2', Type: 'SecureString' }));
    const hidden = await ssm().send(new GetParameterCommand({ Name: '/toy/secure' }));
    expect(hidden.Parameter?.Value).not.toContain('secure-value-91c2');
    const shown = await ssm().send(new GetParameterCommand({ Name: '/toy/secure', WithDecryption: true }));
    expect(shown.Parameter?.Value).toBe('secure-value-91c2');
    expect(JSON.stringify(standIns.ssm.requests)).not.toContain('secure-value-91c2');
  });

  it('rejects names AWS reserves', async () => {
    await expect(ssm().send(new PutParameterCommand({ Name: '/aws/x', Value: 'v', Type: 'String' }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('can\'t be prefixed with "aws" or "ssm"'),
    });
  });
});

describe('KMS stand-in with signed requests', () => {
  it('describes a key by id, ARN, alias and alias ARN, and round-trips Encrypt/Decrypt with a context', async () => {
    const created = await kms('CreateKey', { Description: 'toy key' });
    expect(created.status).toBe(200);
    const metadata = created.body.KeyMetadata as { KeyId: string; Arn: string };
    expect(metadata.Arn).toBe(`arn:aws:kms:${REGION}:123456789012:key/${metadata.KeyId}`);
    expect((await kms('CreateAlias', { AliasName: 'alias/toy', TargetKeyId: metadata.KeyId })).status).toBe(200);
    for (const id of [metadata.KeyId, metadata.Arn, 'alias/toy', `arn:aws:kms:${REGION}:123456789012:alias/toy`]) {
      const described = await kms('DescribeKey', { KeyId: id });
      expect(described.body).toMatchObject({ KeyMetadata: { KeyId: metadata.KeyId, Description: 'toy key', KeyState: 'Enabled' } });
    }
    const plaintext = Buffer.from('hello kms').toString('base64');
    const encrypted = await kms('Encrypt', { KeyId: 'alias/toy', Plaintext: plaintext, EncryptionContext: { a: '1', b: '2' } });
    expect(encrypted.status).toBe(200);
    const decrypted = await kms('Decrypt', { CiphertextBlob: encrypted.body.CiphertextBlob, EncryptionContext: { b: '2', a: '1' } });
    expect(decrypted.body).toMatchObject({ Plaintext: plaintext, KeyId: metadata.Arn });
    const wrongContext = await kms('Decrypt', { CiphertextBlob: encrypted.body.CiphertextBlob, EncryptionContext: { a: '2' } });
    expect(wrongContext).toMatchObject({ status: 400, body: { __type: 'InvalidCiphertextException' } });
    expect(JSON.stringify(standIns.kms.requests)).not.toContain(plaintext);
  });

  it('rejects DescribeKey of an unknown key and of another Region\'s key with NotFoundException', async () => {
    const key = standIns.kms.createKey(OTHER_REGION);
    expect(await kms('DescribeKey', { KeyId: '11111111-2222-3333-4444-555555555555' })).toMatchObject({
      status: 400,
      body: { __type: 'NotFoundException', message: `Key 'arn:aws:kms:${REGION}:123456789012:key/11111111-2222-3333-4444-555555555555' does not exist` },
    });
    expect(await kms('DescribeKey', { KeyId: key.arn })).toMatchObject({ status: 400, body: { __type: 'NotFoundException' } });
    expect(await kms('DescribeKey', { KeyId: key.arn }, OTHER_REGION)).toMatchObject({ status: 200 });
  });
});

describe('signature checks', () => {
  it('rejects an unsigned request with MissingAuthenticationTokenException', async () => {
    const response = await sendSignedJson({
      url: standIns.ssm.url,
      signingName: 'ssm',
      region: REGION,
      target: 'AmazonSSM.GetParameter',
      body: { Name: '/x' },
      unsigned: true,
    });
    expect(response).toMatchObject({ status: 403, body: { __type: 'MissingAuthenticationTokenException' } });
  });

  it('rejects a request signed for another service with InvalidSignatureException', async () => {
    const response = await sendSignedJson({
      url: standIns.ssm.url,
      signingName: 'secretsmanager',
      region: REGION,
      target: 'AmazonSSM.GetParameter',
      body: { Name: '/x' },
    });
    expect(response).toMatchObject({
      status: 403,
      body: { __type: 'InvalidSignatureException', message: "Credential should be scoped to correct service: 'ssm'." },
    });
    const last = standIns.ssm.requests[standIns.ssm.requests.length - 1];
    expect(last).toMatchObject({ status: 403, errorType: 'InvalidSignatureException', region: '' });
  });

  it('rejects a Region outside the configured list', async () => {
    await expect(ssm('eu-west-1').send(new GetParameterCommand({ Name: '/x' }))).rejects.toMatchObject({
      name: 'InvalidSignatureException',
      message: "Credential should be scoped to a valid region, not 'eu-west-1'.",
    });
  });

  it('rejects an operation the stand-in does not implement, naming it', async () => {
    const response = await kms('GenerateDataKey', { KeyId: 'alias/toy' });
    expect(response).toMatchObject({
      status: 400,
      body: { __type: 'UnknownOperationException', message: 'The kms stand-in does not implement GenerateDataKey.' },
    });
  });
});

describe('AWS SDK v3 endpoint environment variables', () => {
  it('routes clients built with no endpoint to the stand-ins via AWS_ENDPOINT_URL_SECRETS_MANAGER and AWS_ENDPOINT_URL_SSM', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, standIns.endpointEnv());
    try {
      const secretsBefore = standIns.secretsManager.requests.length;
      const ssmBefore = standIns.ssm.requests.length;
      await new SecretsManagerClient({ region: REGION, maxAttempts: 1 }).send(new CreateSecretCommand({ Name: 'toy/via-env', SecretString: 'e' }));
      await new SSMClient({ region: REGION, maxAttempts: 1 }).send(new PutParameterCommand({ Name: '/toy/via-env', Value: 'e', Type: 'String' }));
      expect(standIns.secretsManager.requests.slice(secretsBefore).map((r) => r.operation)).toEqual(['CreateSecret']);
      expect(standIns.ssm.requests.slice(ssmBefore).map((r) => r.operation)).toEqual(['PutParameter']);
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });
});
