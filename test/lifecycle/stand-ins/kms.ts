/**
 * KMS stand-in: keys and aliases per Region, DescribeKey, and a real (AES-256-GCM) Encrypt/Decrypt
 * so that a handler's round trip is genuine. Ciphertexts are only meaningful to this stand-in.
 *
 * Implements: CreateKey, DescribeKey, CreateAlias, EnableKey, DisableKey, ScheduleKeyDeletion,
 * Encrypt, Decrypt. Not modelled: key policies and grants (recorded, never evaluated), asymmetric or
 * HMAC crypto (such keys can be created and described, not used), rotation, multi-Region replicas,
 * GenerateDataKey, ReEncrypt.
 */
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { partitionOf } from '../partitions';
import {
  AwsServiceError,
  epochSeconds,
  optionalString,
  requiredString,
  startJsonService,
  type RecordedRequest,
} from './aws-json-server';

export interface KmsKey {
  readonly keyId: string;
  readonly arn: string;
  readonly region: string;
  description: string;
  readonly keyUsage: string;
  readonly keySpec: string;
  enabled: boolean;
  keyState: 'Enabled' | 'Disabled' | 'PendingDeletion';
  readonly creationDate: Date;
  deletionDate?: Date;
  readonly multiRegion: boolean;
  /** Recorded only: the stand-in never evaluates key policies. */
  readonly policy?: string;
  readonly material: Buffer;
}

export interface CreateKeyInput {
  readonly description?: string;
  readonly keyUsage?: string;
  readonly keySpec?: string;
  readonly enabled?: boolean;
  readonly multiRegion?: boolean;
  readonly policy?: string;
}

const KEY_USAGES = ['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT'];
const CIPHERTEXT_VERSION = 1;

export class KmsStandIn {
  readonly url: string;
  readonly requests: RecordedRequest[];
  private readonly keys = new Map<string, Map<string, KmsKey>>();
  private readonly aliases = new Map<string, Map<string, string>>();

  private constructor(
    readonly accountId: string,
    running: { url: string; requests: RecordedRequest[]; close(): Promise<void> },
  ) {
    this.url = running.url;
    this.requests = running.requests;
    this.close = running.close;
  }

  readonly close: () => Promise<void>;

  static async start(options: { accountId?: string; regions?: readonly string[] } = {}): Promise<KmsStandIn> {
    let self: KmsStandIn | undefined;
    const running = await startJsonService({
      signingName: 'kms',
      targetPrefix: 'TrentService',
      regions: options.regions,
      operations: {
        CreateKey: ({ region, body }) => ({
          KeyMetadata: self!.metadata(
            self!.createKey(region, {
              description: optionalString(body, 'Description'),
              keyUsage: optionalString(body, 'KeyUsage'),
              keySpec: optionalString(body, 'KeySpec'),
              multiRegion: body.MultiRegion === true,
              policy: optionalString(body, 'Policy'),
            }),
          ),
        }),
        DescribeKey: ({ region, body }) => ({ KeyMetadata: self!.metadata(self!.resolveKey(region, requiredString(body, 'KeyId'))) }),
        CreateAlias: ({ region, body }) => {
          self!.createAlias(region, requiredString(body, 'AliasName'), requiredString(body, 'TargetKeyId'));
          return {};
        },
        EnableKey: ({ region, body }) => {
          self!.setEnabled(region, requiredString(body, 'KeyId'), true);
          return {};
        },
        DisableKey: ({ region, body }) => {
          self!.setEnabled(region, requiredString(body, 'KeyId'), false);
          return {};
        },
        ScheduleKeyDeletion: ({ region, body }) => {
          const days = body.PendingWindowInDays === undefined ? 30 : Number(body.PendingWindowInDays);
          const key = self!.scheduleKeyDeletion(region, requiredString(body, 'KeyId'), days);
          return { KeyId: key.arn, DeletionDate: epochSeconds(key.deletionDate!), KeyState: key.keyState, PendingWindowInDays: days };
        },
        Encrypt: ({ region, body }) => {
          const plaintext = Buffer.from(requiredString(body, 'Plaintext'), 'base64');
          const { key, blob } = self!.encrypt(region, requiredString(body, 'KeyId'), plaintext, contextOf(body));
          return { CiphertextBlob: blob.toString('base64'), KeyId: key.arn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
        },
        Decrypt: ({ region, body }) => {
          const blob = Buffer.from(requiredString(body, 'CiphertextBlob'), 'base64');
          const { key, plaintext } = self!.decrypt(region, blob, contextOf(body), optionalString(body, 'KeyId'));
          return { Plaintext: plaintext.toString('base64'), KeyId: key.arn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
        },
      },
      redactRequest: (operation, body) => (operation === 'Encrypt' ? { ...body, Plaintext: '<redacted>' } : { ...body }),
      redactResponse: (operation, body) =>
        operation === 'Decrypt' && typeof body === 'object' && body !== null ? { ...body, Plaintext: '<redacted>' } : body,
    });
    self = new KmsStandIn(options.accountId ?? '123456789012', running);
    return self;
  }

  private regionKeys(region: string): Map<string, KmsKey> {
    let map = this.keys.get(region);
    if (!map) this.keys.set(region, (map = new Map()));
    return map;
  }

  private regionAliases(region: string): Map<string, string> {
    let map = this.aliases.get(region);
    if (!map) this.aliases.set(region, (map = new Map()));
    return map;
  }

  private arnPrefix(region: string): string {
    return `arn:${partitionOf(region)}:kms:${region}:${this.accountId}`;
  }

  /** Every key in a Region (including disabled and pending-deletion ones). */
  keysIn(region: string): KmsKey[] {
    return [...this.regionKeys(region).values()];
  }

  createKey(region: string, input: CreateKeyInput = {}): KmsKey {
    const keyUsage = input.keyUsage ?? 'ENCRYPT_DECRYPT';
    if (!KEY_USAGES.includes(keyUsage)) {
      throw new AwsServiceError('ValidationException', `KeyUsage must be one of ${KEY_USAGES.join(', ')}.`);
    }
    const keyId = input.multiRegion ? `mrk-${randomUUID().replace(/-/g, '')}` : randomUUID();
    const enabled = input.enabled ?? true;
    const key: KmsKey = {
      keyId,
      arn: `${this.arnPrefix(region)}:key/${keyId}`,
      region,
      description: input.description ?? '',
      keyUsage,
      keySpec: input.keySpec ?? 'SYMMETRIC_DEFAULT',
      enabled,
      keyState: enabled ? 'Enabled' : 'Disabled',
      creationDate: new Date(),
      multiRegion: input.multiRegion ?? false,
      policy: input.policy,
      material: randomBytes(32),
    };
    this.regionKeys(region).set(keyId, key);
    return key;
  }

  createAlias(region: string, aliasName: string, targetKeyId: string): void {
    if (!aliasName.startsWith('alias/') || aliasName.startsWith('alias/aws/') || !/^alias\/[a-zA-Z0-9/_-]+$/.test(aliasName)) {
      throw new AwsServiceError('ValidationException', `Alias name '${aliasName}' must start with alias/, not alias/aws/, and use [a-zA-Z0-9/_-].`);
    }
    const aliases = this.regionAliases(region);
    if (aliases.has(aliasName)) {
      throw new AwsServiceError('AlreadyExistsException', `An alias with the name ${this.arnPrefix(region)}:${aliasName} already exists`);
    }
    aliases.set(aliasName, this.resolveKey(region, targetKeyId).keyId);
  }

  deleteAlias(region: string, aliasName: string): void {
    this.regionAliases(region).delete(aliasName);
  }

  /** Resolves a key id, key ARN, alias name or alias ARN in a Region, as KMS does. */
  resolveKey(region: string, reference: string): KmsKey {
    const keys = this.regionKeys(region);
    let keyId = reference;
    const arnMatch = /^arn:[^:]+:kms:([^:]+):(\d{12}):(key|alias)\/(.+)$/.exec(reference);
    let aliasName: string | undefined;
    if (arnMatch) {
      if (arnMatch[1] !== region || arnMatch[2] !== this.accountId) {
        throw new AwsServiceError('NotFoundException', `Key '${reference}' does not exist`);
      }
      if (arnMatch[3] === 'alias') aliasName = `alias/${arnMatch[4]}`;
      else keyId = arnMatch[4];
    } else if (reference.startsWith('alias/')) {
      aliasName = reference;
    }
    if (aliasName !== undefined) {
      const target = this.regionAliases(region).get(aliasName);
      if (!target) throw new AwsServiceError('NotFoundException', `Alias ${this.arnPrefix(region)}:${aliasName} is not found.`);
      keyId = target;
    }
    const key = keys.get(keyId);
    if (!key) {
      if (!/^(mrk-[0-9a-f]{32}|[0-9a-f-]{36})$/.test(keyId)) {
        throw new AwsServiceError('NotFoundException', `Invalid keyId '${reference}'`);
      }
      throw new AwsServiceError('NotFoundException', `Key '${this.arnPrefix(region)}:key/${keyId}' does not exist`);
    }
    return key;
  }

  setEnabled(region: string, reference: string, enabled: boolean): KmsKey {
    const key = this.resolveKey(region, reference);
    if (key.keyState === 'PendingDeletion') {
      throw new AwsServiceError('KMSInvalidStateException', `${key.arn} is pending deletion.`);
    }
    key.enabled = enabled;
    key.keyState = enabled ? 'Enabled' : 'Disabled';
    return key;
  }

  scheduleKeyDeletion(region: string, reference: string, pendingWindowInDays = 30): KmsKey {
    if (!Number.isInteger(pendingWindowInDays) || pendingWindowInDays < 7 || pendingWindowInDays > 30) {
      throw new AwsServiceError('ValidationException', 'PendingWindowInDays must be an integer between 7 and 30.');
    }
    const key = this.resolveKey(region, reference);
    if (key.keyState === 'PendingDeletion') {
      throw new AwsServiceError('KMSInvalidStateException', `${key.arn} is pending deletion.`);
    }
    key.enabled = false;
    key.keyState = 'PendingDeletion';
    key.deletionDate = new Date(Date.now() + pendingWindowInDays * 86_400_000);
    return key;
  }

  /** Throws the error KMS gives when a key cannot be used for cryptography. */
  assertUsable(key: KmsKey): void {
    if (key.keyState === 'PendingDeletion') throw new AwsServiceError('KMSInvalidStateException', `${key.arn} is pending deletion.`);
    if (!key.enabled) throw new AwsServiceError('DisabledException', `${key.arn} is disabled.`);
  }

  encrypt(region: string, reference: string, plaintext: Buffer, context: string): { key: KmsKey; blob: Buffer } {
    const key = this.resolveKey(region, reference);
    this.assertUsable(key);
    if (key.keySpec !== 'SYMMETRIC_DEFAULT' || key.keyUsage !== 'ENCRYPT_DECRYPT') {
      throw new AwsServiceError('UnsupportedOperationException', `The stand-in encrypts only with SYMMETRIC_DEFAULT ENCRYPT_DECRYPT keys, not ${key.keySpec}.`);
    }
    if (plaintext.length < 1 || plaintext.length > 4096) {
      throw new AwsServiceError('ValidationException', 'Plaintext must be 1 to 4096 bytes.');
    }
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key.material, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const keyIdBytes = Buffer.from(key.keyId);
    const blob = Buffer.concat([Buffer.from([CIPHERTEXT_VERSION, keyIdBytes.length]), keyIdBytes, iv, cipher.getAuthTag(), body]);
    return { key, blob };
  }

  decrypt(region: string, blob: Buffer, context: string, expectedKey?: string): { key: KmsKey; plaintext: Buffer } {
    const invalid = new AwsServiceError('InvalidCiphertextException', 'The ciphertext is not valid for this stand-in, or the encryption context does not match.');
    if (blob.length < 2 || blob[0] !== CIPHERTEXT_VERSION) throw invalid;
    const idLength = blob[1];
    const keyId = blob.subarray(2, 2 + idLength).toString();
    const key = this.regionKeys(region).get(keyId);
    if (!key) throw invalid;
    if (expectedKey !== undefined && this.resolveKey(region, expectedKey).keyId !== keyId) {
      throw new AwsServiceError('IncorrectKeyException', 'The key ID in the request does not identify the key that encrypted the ciphertext.');
    }
    this.assertUsable(key);
    const offset = 2 + idLength;
    const iv = blob.subarray(offset, offset + 12);
    const tag = blob.subarray(offset + 12, offset + 28);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.material, iv);
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(tag);
      return { key, plaintext: Buffer.concat([decipher.update(blob.subarray(offset + 28)), decipher.final()]) };
    } catch {
      throw invalid;
    }
  }

  /** The DescribeKey view of a key. */
  metadata(key: KmsKey): Record<string, unknown> {
    return {
      AWSAccountId: this.accountId,
      KeyId: key.keyId,
      Arn: key.arn,
      CreationDate: epochSeconds(key.creationDate),
      Enabled: key.enabled,
      Description: key.description,
      KeyUsage: key.keyUsage,
      KeyState: key.keyState,
      ...(key.deletionDate ? { DeletionDate: epochSeconds(key.deletionDate) } : {}),
      Origin: 'AWS_KMS',
      KeyManager: 'CUSTOMER',
      CustomerMasterKeySpec: key.keySpec,
      KeySpec: key.keySpec,
      ...(key.keySpec === 'SYMMETRIC_DEFAULT' ? { EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'] } : {}),
      MultiRegion: key.multiRegion,
    };
  }
}

/** Encryption context as authenticated data: key order must not matter, as in KMS. */
function contextOf(body: Record<string, unknown>): string {
  const context = body.EncryptionContext;
  if (context === undefined || context === null) return '';
  if (typeof context !== 'object' || Array.isArray(context)) {
    throw new AwsServiceError('SerializationException', 'EncryptionContext must be a map of strings.');
  }
  return JSON.stringify(Object.entries(context as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
