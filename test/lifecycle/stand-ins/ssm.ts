/**
 * SSM Parameter Store stand-in: parameters per Region with versions, as a cross-Region hand-off
 * needs (each Region's store is separate, exactly as in AWS).
 *
 * Implements: PutParameter (Overwrite, Tags, AllowedPattern, Tier size limits), GetParameter (name,
 * ARN, `name:version` selector), GetParameters, DeleteParameter, DeleteParameters.
 * Not modelled: labels, policies, GetParametersByPath, hierarchy limits, real KMS encryption of
 * SecureString (without WithDecryption the stand-in returns a fixed-format opaque string instead of
 * ciphertext). SecureString values are '<redacted>' in the request log; String values are not.
 */
import { createHash } from 'node:crypto';
import { partitionOf } from '../partitions';
import {
  AwsServiceError,
  epochSeconds,
  optionalString,
  requiredString,
  startJsonService,
  type RecordedRequest,
} from './aws-json-server';

export type ParameterType = 'String' | 'StringList' | 'SecureString';

export interface ParameterVersion {
  readonly version: number;
  readonly value: string;
  readonly type: ParameterType;
  readonly lastModifiedDate: Date;
}

export interface StoredParameter {
  readonly name: string;
  readonly region: string;
  readonly arn: string;
  type: ParameterType;
  value: string;
  version: number;
  description?: string;
  dataType: string;
  tier: string;
  allowedPattern?: string;
  keyId?: string;
  lastModifiedDate: Date;
  readonly tags: ReadonlyArray<{ Key: string; Value: string }>;
  readonly history: ParameterVersion[];
}

export interface PutParameterInput {
  readonly name: string;
  readonly value: string;
  readonly type?: ParameterType;
  readonly overwrite?: boolean;
  readonly description?: string;
  readonly dataType?: string;
  readonly tier?: string;
  readonly allowedPattern?: string;
  readonly keyId?: string;
  readonly tags?: ReadonlyArray<{ Key: string; Value: string }>;
}

const TYPES: readonly ParameterType[] = ['String', 'StringList', 'SecureString'];
const TIERS = ['Standard', 'Advanced', 'Intelligent-Tiering'];

export class SsmStandIn {
  readonly url: string;
  readonly requests: RecordedRequest[];
  readonly close: () => Promise<void>;
  private readonly parameters = new Map<string, Map<string, StoredParameter>>();

  private constructor(
    readonly accountId: string,
    running: { url: string; requests: RecordedRequest[]; close(): Promise<void> },
  ) {
    this.url = running.url;
    this.requests = running.requests;
    this.close = running.close;
  }

  static async start(options: { accountId?: string; regions?: readonly string[] } = {}): Promise<SsmStandIn> {
    let self: SsmStandIn | undefined;
    const running = await startJsonService({
      signingName: 'ssm',
      targetPrefix: 'AmazonSSM',
      regions: options.regions,
      operations: {
        PutParameter: ({ region, body }) => {
          const type = optionalString(body, 'Type');
          if (type !== undefined && !TYPES.includes(type as ParameterType)) {
            throw new AwsServiceError('ValidationException', `Type must be one of ${TYPES.join(', ')}.`);
          }
          const value = body.Value;
          if (typeof value !== 'string') {
            throw new AwsServiceError('ValidationException', "1 validation error detected: Value at 'value' failed to satisfy constraint: Member must not be null");
          }
          const parameter = self!.putParameter(region, {
            name: requiredString(body, 'Name'),
            value,
            type: type as ParameterType | undefined,
            overwrite: body.Overwrite === true,
            description: optionalString(body, 'Description'),
            dataType: optionalString(body, 'DataType'),
            tier: optionalString(body, 'Tier'),
            allowedPattern: optionalString(body, 'AllowedPattern'),
            keyId: optionalString(body, 'KeyId'),
            tags: Array.isArray(body.Tags) ? (body.Tags as Array<{ Key: string; Value: string }>) : undefined,
          });
          return { Version: parameter.version, Tier: parameter.tier };
        },
        GetParameter: ({ region, body }) => ({
          Parameter: self!.view(region, requiredString(body, 'Name'), body.WithDecryption === true),
        }),
        GetParameters: ({ region, body }) => {
          const names = namesOf(body);
          const found: Record<string, unknown>[] = [];
          const invalid: string[] = [];
          for (const name of names) {
            try {
              found.push(self!.view(region, name, body.WithDecryption === true));
            } catch (error) {
              if (error instanceof AwsServiceError && (error.type === 'ParameterNotFound' || error.type === 'ParameterVersionNotFound')) invalid.push(name);
              else throw error;
            }
          }
          return { Parameters: found, InvalidParameters: invalid };
        },
        DeleteParameter: ({ region, body }) => {
          self!.deleteParameter(region, requiredString(body, 'Name'));
          return {};
        },
        DeleteParameters: ({ region, body }) => {
          const deleted: string[] = [];
          const invalid: string[] = [];
          for (const name of namesOf(body)) {
            if (self!.regionParameters(region).delete(name)) deleted.push(name);
            else invalid.push(name);
          }
          return { DeletedParameters: deleted, InvalidParameters: invalid };
        },
      },
      redactRequest: (operation, body, region) => {
        if (operation !== 'PutParameter') return { ...body };
        // Logged after the operation ran, so the stored type is the one that applied to this value.
        const stored = typeof body.Name === 'string' ? self?.find(region, body.Name) : undefined;
        const secure = body.Type === 'SecureString' || stored?.type === 'SecureString';
        return secure ? { ...body, Value: '<redacted>' } : { ...body };
      },
      redactResponse: (_operation, body) => redactParameters(body),
    });
    self = new SsmStandIn(options.accountId ?? '123456789012', running);
    return self;
  }

  regionParameters(region: string): Map<string, StoredParameter> {
    let map = this.parameters.get(region);
    if (!map) this.parameters.set(region, (map = new Map()));
    return map;
  }

  /** Every parameter in a Region. */
  parametersIn(region: string): StoredParameter[] {
    return [...this.regionParameters(region).values()];
  }

  /** The stored parameter, or undefined: for tests and for the harness's own lookups. */
  find(region: string, name: string): StoredParameter | undefined {
    return this.regionParameters(region).get(name);
  }

  putParameter(region: string, input: PutParameterInput): StoredParameter {
    checkName(input.name);
    if (input.tags && input.tags.length > 0 && input.overwrite) {
      throw new AwsServiceError(
        'ValidationException',
        "Invalid request: tags and overwrite can't be used together. To update tags for an existing parameter, use AddTagsToResource or RemoveTagsFromResource.",
      );
    }
    const tier = input.tier ?? 'Standard';
    if (!TIERS.includes(tier)) throw new AwsServiceError('ValidationException', `Tier must be one of ${TIERS.join(', ')}.`);
    if (input.value.length < 1) {
      throw new AwsServiceError('ValidationException', "1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1");
    }
    const limit = tier === 'Standard' ? 4096 : 8192;
    if (input.value.length > limit) {
      throw new AwsServiceError('ValidationException', `${tier} tier parameters support a maximum parameter value of ${limit} characters.`);
    }
    const parameters = this.regionParameters(region);
    const existing = parameters.get(input.name);
    if (existing && !input.overwrite) {
      throw new AwsServiceError('ParameterAlreadyExists', 'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.');
    }
    const allowedPattern = input.allowedPattern ?? existing?.allowedPattern;
    if (allowedPattern !== undefined && !new RegExp(allowedPattern).test(input.value)) {
      throw new AwsServiceError('ValidationException', `Parameter value, cannot be validated against allowedPattern: ${allowedPattern}`);
    }
    const dataType = input.dataType ?? existing?.dataType ?? 'text';
    if (!['text', 'aws:ec2:image', 'aws:ssm:integration'].includes(dataType)) {
      throw new AwsServiceError('ValidationException', `DataType '${dataType}' is not one of text, aws:ec2:image, aws:ssm:integration.`);
    }
    const type = input.type ?? existing?.type ?? 'String';
    const now = new Date();
    if (existing) {
      existing.type = type;
      existing.value = input.value;
      existing.version += 1;
      existing.tier = tier;
      existing.dataType = dataType;
      existing.allowedPattern = allowedPattern;
      existing.lastModifiedDate = now;
      if (input.description !== undefined) existing.description = input.description;
      if (input.keyId !== undefined) existing.keyId = input.keyId;
      existing.history.push({ version: existing.version, value: input.value, type, lastModifiedDate: now });
      return existing;
    }
    const path = input.name.startsWith('/') ? input.name.slice(1) : input.name;
    const parameter: StoredParameter = {
      name: input.name,
      region,
      arn: `arn:${partitionOf(region)}:ssm:${region}:${this.accountId}:parameter/${path}`,
      type,
      value: input.value,
      version: 1,
      description: input.description,
      dataType,
      tier,
      allowedPattern,
      keyId: input.keyId,
      lastModifiedDate: now,
      tags: input.tags ?? [],
      history: [{ version: 1, value: input.value, type, lastModifiedDate: now }],
    };
    parameters.set(input.name, parameter);
    return parameter;
  }

  deleteParameter(region: string, name: string): void {
    if (!this.regionParameters(region).delete(name)) throw parameterNotFound(name);
  }

  /** GetParameter's view: accepts a name, an ARN, and an optional `:version` selector. */
  view(region: string, reference: string, withDecryption: boolean): Record<string, unknown> {
    let name = reference;
    const arnMatch = /^arn:[^:]+:ssm:([^:]+):(\d{12}):parameter\/(.+)$/.exec(reference);
    if (arnMatch) {
      if (arnMatch[1] !== region || arnMatch[2] !== this.accountId) throw parameterNotFound(reference);
      name = this.regionParameters(region).has(arnMatch[3]) ? arnMatch[3] : `/${arnMatch[3]}`;
    }
    let selector: string | undefined;
    const colon = name.lastIndexOf(':');
    if (colon > 0) {
      selector = name.slice(colon + 1);
      name = name.slice(0, colon);
    }
    const parameter = this.regionParameters(region).get(name);
    if (!parameter) throw parameterNotFound(name);
    let version: ParameterVersion = parameter.history[parameter.history.length - 1];
    if (selector !== undefined) {
      if (!/^\d+$/.test(selector)) {
        throw new AwsServiceError('ParameterVersionLabelNotFound', `The stand-in does not model labels: '${selector}'.`);
      }
      const wanted = parameter.history.find((entry) => entry.version === Number(selector));
      if (!wanted) throw new AwsServiceError('ParameterVersionNotFound', `Version ${selector} of parameter ${name} not found.`);
      version = wanted;
    }
    const value =
      version.type === 'SecureString' && !withDecryption
        ? opaque(region, name, version.version, version.value)
        : version.value;
    return {
      Name: parameter.name,
      Type: version.type,
      Value: value,
      Version: version.version,
      ...(selector !== undefined ? { Selector: `:${selector}` } : {}),
      LastModifiedDate: epochSeconds(version.lastModifiedDate),
      ARN: parameter.arn,
      DataType: parameter.dataType,
    };
  }
}

function parameterNotFound(name: string): AwsServiceError {
  return new AwsServiceError('ParameterNotFound', `Parameter ${name} not found.`);
}

function checkName(name: string): void {
  if (!/^[a-zA-Z0-9_.\-/]{1,1011}$/.test(name)) {
    throw new AwsServiceError('ValidationException', `Parameter name '${name}' must be 1-1011 characters from [a-zA-Z0-9_.-/].`);
  }
  if (/^\/?(aws|ssm)/i.test(name)) {
    throw new AwsServiceError('ValidationException', 'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).');
  }
  if (name.includes('/') && !name.startsWith('/')) {
    throw new AwsServiceError('ValidationException', 'Parameter name must be a fully qualified name.');
  }
}

function namesOf(body: Record<string, unknown>): string[] {
  const names = body.Names;
  if (!Array.isArray(names) || names.length < 1 || names.length > 10 || !names.every((name) => typeof name === 'string')) {
    throw new AwsServiceError('ValidationException', 'Names must be a list of 1 to 10 parameter names.');
  }
  return names as string[];
}

/** Stands in for ciphertext: not the value, stable per version, obviously not plaintext. */
function opaque(region: string, name: string, version: number, value: string): string {
  const digest = createHash('sha256').update(`${region}\0${name}\0${version}\0${value}`).digest('base64');
  return `AQICAH-standin-ciphertext-${digest}`;
}

function redactParameters(body: unknown): unknown {
  if (typeof body !== 'object' || body === null) return body;
  const copy = { ...(body as Record<string, unknown>) };
  const scrub = (parameter: unknown): unknown => {
    if (typeof parameter !== 'object' || parameter === null) return parameter;
    const entry = parameter as Record<string, unknown>;
    return entry.Type === 'SecureString' ? { ...entry, Value: '<redacted>' } : entry;
  };
  if (copy.Parameter !== undefined) copy.Parameter = scrub(copy.Parameter);
  if (Array.isArray(copy.Parameters)) copy.Parameters = copy.Parameters.map(scrub);
  return copy;
}
