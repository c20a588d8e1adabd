/**
 * Secrets Manager stand-in: secrets per Region, addressable by name, full ARN or partial ARN (the
 * ARN without its random six-character suffix), with versions and the AWSCURRENT/AWSPREVIOUS staging
 * labels moving as Secrets Manager moves them.
 *
 * Implements: CreateSecret, GetSecretValue, PutSecretValue, UpdateSecret, DescribeSecret, DeleteSecret.
 * Not modelled: rotation, replication, resource policies, tags beyond recording them, the limit of
 * 100 deprecated versions, and real encryption. When a KMS stand-in is linked, a customer KmsKeyId
 * must name a usable key in that Region (as Secrets Manager needs kms:GenerateDataKey to succeed).
 *
 * The request log keeps SecretString/SecretBinary as '<redacted>'; the state keeps the values so tests
 * can assert on them.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { partitionOf } from '../partitions';
import {
  AwsServiceError,
  epochSeconds,
  optionalString,
  requiredString,
  startJsonService,
  type RecordedRequest,
} from './aws-json-server';
import type { KmsStandIn } from './kms';

export interface SecretVersion {
  readonly versionId: string;
  readonly secretString?: string;
  /** Base64, as on the wire. */
  readonly secretBinary?: string;
  stages: string[];
  readonly createdDate: Date;
}

export interface StoredSecret {
  readonly arn: string;
  readonly name: string;
  readonly region: string;
  description?: string;
  kmsKeyId?: string;
  readonly createdDate: Date;
  lastChangedDate: Date;
  deletedDate?: Date;
  readonly tags: ReadonlyArray<{ Key: string; Value: string }>;
  readonly versions: Map<string, SecretVersion>;
}

export interface SecretValueInput {
  readonly secretString?: string;
  readonly secretBinary?: string;
  /** The version id; Secrets Manager calls it ClientRequestToken. */
  readonly clientRequestToken?: string;
}

export interface CreateSecretInput extends SecretValueInput {
  readonly name: string;
  readonly description?: string;
  readonly kmsKeyId?: string;
  readonly tags?: ReadonlyArray<{ Key: string; Value: string }>;
}

const NAME_PATTERN = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const SUFFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

function notFound(): AwsServiceError {
  return new AwsServiceError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
}

export class SecretsManagerStandIn {
  readonly url: string;
  readonly requests: RecordedRequest[];
  readonly close: () => Promise<void>;
  private readonly secrets = new Map<string, Map<string, StoredSecret>>();

  private constructor(
    readonly accountId: string,
    private readonly kms: KmsStandIn | undefined,
    running: { url: string; requests: RecordedRequest[]; close(): Promise<void> },
  ) {
    this.url = running.url;
    this.requests = running.requests;
    this.close = running.close;
  }

  static async start(
    options: { accountId?: string; regions?: readonly string[]; kms?: KmsStandIn } = {},
  ): Promise<SecretsManagerStandIn> {
    let self: SecretsManagerStandIn | undefined;
    const valueOf = (body: Record<string, unknown>): SecretValueInput => ({
      secretString: optionalString(body, 'SecretString'),
      secretBinary: optionalString(body, 'SecretBinary'),
      clientRequestToken: optionalString(body, 'ClientRequestToken'),
    });
    const running = await startJsonService({
      signingName: 'secretsmanager',
      targetPrefix: 'secretsmanager',
      regions: options.regions,
      operations: {
        CreateSecret: ({ region, body }) => {
          const secret = self!.createSecret(region, {
            name: requiredString(body, 'Name'),
            description: optionalString(body, 'Description'),
            kmsKeyId: optionalString(body, 'KmsKeyId'),
            tags: Array.isArray(body.Tags) ? (body.Tags as Array<{ Key: string; Value: string }>) : [],
            ...valueOf(body),
          });
          const current = self!.versionByStage(secret, 'AWSCURRENT');
          return { ARN: secret.arn, Name: secret.name, ...(current ? { VersionId: current.versionId } : {}) };
        },
        GetSecretValue: ({ region, body }) => {
          const secret = self!.liveSecret(region, requiredString(body, 'SecretId'));
          const version = self!.selectVersion(secret, optionalString(body, 'VersionId'), optionalString(body, 'VersionStage'));
          return {
            ARN: secret.arn,
            Name: secret.name,
            VersionId: version.versionId,
            ...(version.secretString !== undefined ? { SecretString: version.secretString } : {}),
            ...(version.secretBinary !== undefined ? { SecretBinary: version.secretBinary } : {}),
            VersionStages: [...version.stages],
            CreatedDate: epochSeconds(version.createdDate),
          };
        },
        PutSecretValue: ({ region, body }) => {
          const stages = Array.isArray(body.VersionStages) ? (body.VersionStages as string[]) : undefined;
          const { secret, version } = self!.putSecretValue(region, requiredString(body, 'SecretId'), valueOf(body), stages);
          return { ARN: secret.arn, Name: secret.name, VersionId: version.versionId, VersionStages: [...version.stages] };
        },
        UpdateSecret: ({ region, body }) => {
          const { secret, version } = self!.updateSecret(region, requiredString(body, 'SecretId'), {
            description: optionalString(body, 'Description'),
            kmsKeyId: optionalString(body, 'KmsKeyId'),
            ...valueOf(body),
          });
          return { ARN: secret.arn, Name: secret.name, ...(version ? { VersionId: version.versionId } : {}) };
        },
        DescribeSecret: ({ region, body }) => self!.describe(self!.findSecret(region, requiredString(body, 'SecretId'))),
        DeleteSecret: ({ region, body }) => {
          const force = body.ForceDeleteWithoutRecovery === true;
          const window = body.RecoveryWindowInDays === undefined ? undefined : Number(body.RecoveryWindowInDays);
          if (force && window !== undefined) {
            throw new AwsServiceError('InvalidParameterException', "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
          }
          const secret = self!.deleteSecret(region, requiredString(body, 'SecretId'), { force, recoveryWindowInDays: window });
          return { ARN: secret.arn, Name: secret.name, DeletionDate: epochSeconds(secret.deletedDate ?? new Date()) };
        },
      },
      redactRequest: (_operation, body) => redact(body),
      redactResponse: (_operation, body) => (typeof body === 'object' && body !== null ? redact(body as Record<string, unknown>) : body),
    });
    self = new SecretsManagerStandIn(options.accountId ?? '123456789012', options.kms, running);
    return self;
  }

  private regionSecrets(region: string): Map<string, StoredSecret> {
    let map = this.secrets.get(region);
    if (!map) this.secrets.set(region, (map = new Map()));
    return map;
  }

  /** Every secret in a Region, including ones scheduled for deletion. */
  secretsIn(region: string): StoredSecret[] {
    return [...this.regionSecrets(region).values()];
  }

  /** Finds a secret by name, ARN or partial ARN, including one scheduled for deletion. */
  findSecret(region: string, secretId: string): StoredSecret {
    const secrets = this.regionSecrets(region);
    const byName = secrets.get(secretId);
    if (byName) return byName;
    for (const secret of secrets.values()) {
      if (secret.arn === secretId || secret.arn.slice(0, -7) === secretId) return secret;
    }
    throw notFound();
  }

  /** As findSecret, but refuses a secret scheduled for deletion, as the value operations do. */
  liveSecret(region: string, secretId: string): StoredSecret {
    const secret = this.findSecret(region, secretId);
    if (secret.deletedDate) {
      throw new AwsServiceError('InvalidRequestException', "You can't perform this operation on the secret because it was marked for deletion.");
    }
    return secret;
  }

  /** The value under AWSCURRENT, for tests; undefined when the secret has no value yet. */
  currentValue(region: string, secretId: string): string | undefined {
    const secret = this.findSecret(region, secretId);
    return this.versionByStage(secret, 'AWSCURRENT')?.secretString;
  }

  createSecret(region: string, input: CreateSecretInput): StoredSecret {
    if (!NAME_PATTERN.test(input.name)) {
      throw new AwsServiceError('ValidationException', `Invalid name '${input.name}': 1-512 characters from [A-Za-z0-9/_+=.@-].`);
    }
    const secrets = this.regionSecrets(region);
    const existing = secrets.get(input.name);
    if (existing?.deletedDate) {
      throw new AwsServiceError('InvalidRequestException', "You can't create this secret because a secret with this name is already scheduled for deletion.");
    }
    if (existing) {
      throw new AwsServiceError('ResourceExistsException', `The operation failed because the secret ${input.name} already exists.`);
    }
    this.checkValue(input, false);
    this.checkKmsKey(region, input.kmsKeyId);
    let suffix = '';
    for (const byte of randomBytes(6)) suffix += SUFFIX_ALPHABET[byte % SUFFIX_ALPHABET.length];
    const now = new Date();
    const secret: StoredSecret = {
      arn: `arn:${partitionOf(region)}:secretsmanager:${region}:${this.accountId}:secret:${input.name}-${suffix}`,
      name: input.name,
      region,
      description: input.description,
      kmsKeyId: input.kmsKeyId,
      createdDate: now,
      lastChangedDate: now,
      tags: input.tags ?? [],
      versions: new Map(),
    };
    secrets.set(input.name, secret);
    if (input.secretString !== undefined || input.secretBinary !== undefined) {
      this.addVersion(secret, input, ['AWSCURRENT']);
    }
    return secret;
  }

  putSecretValue(
    region: string,
    secretId: string,
    input: SecretValueInput,
    stages: readonly string[] = ['AWSCURRENT'],
  ): { secret: StoredSecret; version: SecretVersion } {
    const secret = this.liveSecret(region, secretId);
    this.checkValue(input, true);
    return { secret, version: this.addVersion(secret, input, stages) };
  }

  updateSecret(
    region: string,
    secretId: string,
    input: SecretValueInput & { description?: string; kmsKeyId?: string },
  ): { secret: StoredSecret; version?: SecretVersion } {
    const secret = this.liveSecret(region, secretId);
    this.checkValue(input, false);
    if (input.kmsKeyId !== undefined) {
      this.checkKmsKey(region, input.kmsKeyId);
      secret.kmsKeyId = input.kmsKeyId;
    }
    if (input.description !== undefined) secret.description = input.description;
    secret.lastChangedDate = new Date();
    const hasValue = input.secretString !== undefined || input.secretBinary !== undefined;
    return { secret, version: hasValue ? this.addVersion(secret, input, ['AWSCURRENT']) : undefined };
  }

  deleteSecret(region: string, secretId: string, options: { force?: boolean; recoveryWindowInDays?: number } = {}): StoredSecret {
    const secret = this.findSecret(region, secretId);
    if (options.force) {
      this.regionSecrets(region).delete(secret.name);
      secret.deletedDate = new Date();
      return secret;
    }
    const days = options.recoveryWindowInDays ?? 30;
    if (!Number.isInteger(days) || days < 7 || days > 30) {
      throw new AwsServiceError('InvalidParameterException', 'RecoveryWindowInDays must be an integer between 7 and 30.');
    }
    secret.deletedDate ??= new Date(Date.now() + days * 86_400_000);
    return secret;
  }

  describe(secret: StoredSecret): Record<string, unknown> {
    const versionIdsToStages: Record<string, string[]> = {};
    for (const version of secret.versions.values()) {
      if (version.stages.length > 0) versionIdsToStages[version.versionId] = [...version.stages];
    }
    return {
      ARN: secret.arn,
      Name: secret.name,
      ...(secret.description !== undefined ? { Description: secret.description } : {}),
      ...(secret.kmsKeyId !== undefined ? { KmsKeyId: secret.kmsKeyId } : {}),
      CreatedDate: epochSeconds(secret.createdDate),
      LastChangedDate: epochSeconds(secret.lastChangedDate),
      ...(secret.deletedDate ? { DeletedDate: epochSeconds(secret.deletedDate) } : {}),
      Tags: [...secret.tags],
      VersionIdsToStages: versionIdsToStages,
    };
  }

  versionByStage(secret: StoredSecret, stage: string): SecretVersion | undefined {
    for (const version of secret.versions.values()) if (version.stages.includes(stage)) return version;
    return undefined;
  }

  selectVersion(secret: StoredSecret, versionId?: string, stage?: string): SecretVersion {
    if (versionId !== undefined) {
      const version = secret.versions.get(versionId);
      if (!version) {
        throw new AwsServiceError('ResourceNotFoundException', `Secrets Manager can't find the specified secret value for VersionId: ${versionId}`);
      }
      if (stage !== undefined && !version.stages.includes(stage)) {
        throw new AwsServiceError('InvalidRequestException', `You provided a VersionStage that is not associated to the provided VersionId.`);
      }
      return version;
    }
    const label = stage ?? 'AWSCURRENT';
    const version = this.versionByStage(secret, label);
    if (!version) {
      throw new AwsServiceError('ResourceNotFoundException', `Secrets Manager can't find the specified secret value for staging label: ${label}`);
    }
    return version;
  }

  private checkValue(input: SecretValueInput, required: boolean): void {
    if (input.secretString !== undefined && input.secretBinary !== undefined) {
      throw new AwsServiceError('InvalidParameterException', "You can't specify both a binary secret value and a string secret value in the same secret.");
    }
    if (required && input.secretString === undefined && input.secretBinary === undefined) {
      throw new AwsServiceError('InvalidRequestException', 'You must provide either SecretString or SecretBinary.');
    }
    if (input.secretString !== undefined && Buffer.byteLength(input.secretString) > 65_536) {
      throw new AwsServiceError('InvalidParameterException', 'SecretString must be at most 65536 bytes.');
    }
  }

  private checkKmsKey(region: string, kmsKeyId: string | undefined): void {
    if (!this.kms || kmsKeyId === undefined || kmsKeyId === 'alias/aws/secretsmanager') return;
    try {
      this.kms.assertUsable(this.kms.resolveKey(region, kmsKeyId));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new AwsServiceError('EncryptionFailure', `Secrets Manager cannot use KMS key ${kmsKeyId}: ${reason}`);
    }
  }

  private addVersion(secret: StoredSecret, input: SecretValueInput, stages: readonly string[]): SecretVersion {
    const versionId = input.clientRequestToken ?? randomUUID();
    const existing = secret.versions.get(versionId);
    if (existing) {
      // Same token, same value: Secrets Manager treats it as a retry of the same request.
      if (existing.secretString === input.secretString && existing.secretBinary === input.secretBinary) return existing;
      throw new AwsServiceError('ResourceExistsException', "You can't modify an existing version, you can only create a new version.");
    }
    this.checkKmsKey(secret.region, secret.kmsKeyId);
    const previousCurrent = stages.includes('AWSCURRENT') ? this.versionByStage(secret, 'AWSCURRENT') : undefined;
    for (const version of secret.versions.values()) {
      version.stages = version.stages.filter((stage) => !stages.includes(stage));
    }
    if (previousCurrent) {
      for (const version of secret.versions.values()) version.stages = version.stages.filter((stage) => stage !== 'AWSPREVIOUS');
      previousCurrent.stages.push('AWSPREVIOUS');
    }
    const version: SecretVersion = {
      versionId,
      secretString: input.secretString,
      secretBinary: input.secretBinary,
      stages: [...stages],
      createdDate: new Date(),
    };
    secret.versions.set(versionId, version);
    secret.lastChangedDate = version.createdDate;
    return version;
  }
}

function redact(body: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...body };
  if (copy.SecretString !== undefined) copy.SecretString = '<redacted>';
  if (copy.SecretBinary !== undefined) copy.SecretBinary = '<redacted>';
  return copy;
}
