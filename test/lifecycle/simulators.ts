/**
 * Simulators for the resources the harness does not hand to the kit's handler: each turns a
 * resource's resolved properties into a physical id and the attributes Fn::GetAtt can read, and the
 * ones backed by a stand-in (SSM, Secrets Manager, KMS) write the stand-in's state so the handler can
 * find what CloudFormation would have created. `honours` lists the properties each one acts on;
 * anything else in the template is carried along (and compared for updates) but has no effect.
 *
 * Physical names CloudFormation would generate are made deterministic here (from the stack name and
 * logical id) so that repeated deploys and tests are stable.
 */
import { createHash, randomInt } from 'node:crypto';
import type { AwsStandIns } from './stand-ins';
import { AwsServiceError } from './stand-ins';

export interface SimulatorContext {
  readonly stackName: string;
  readonly region: string;
  readonly accountId: string;
  readonly partition: string;
  readonly urlSuffix: string;
  readonly logicalId: string;
  readonly type: string;
  /** Resolved properties (intrinsics done, types as in the template: numbers stay numbers). */
  readonly properties: Readonly<Record<string, unknown>>;
  readonly standIns: AwsStandIns;
}

export interface SimulatedState {
  readonly physicalId: string;
  readonly attributes: Readonly<Record<string, unknown>>;
}

export interface PreviousState extends SimulatedState {
  readonly properties: Readonly<Record<string, unknown>>;
}

export interface ResourceSimulator {
  /** The properties this simulator acts on, for the README and error messages. */
  readonly honours: readonly string[];
  create(context: SimulatorContext): SimulatedState;
  /** Return a different physicalId to signal a replacement (the harness then deletes the old one). */
  update(context: SimulatorContext, previous: PreviousState): SimulatedState;
  /** `context.properties` are the properties the resource was last deployed with. */
  delete(context: SimulatorContext, previous: SimulatedState): void;
}

/** A deterministic token from the stack and logical id, standing in for CloudFormation's random suffix. */
export function deterministicSuffix(context: Pick<SimulatorContext, 'stackName' | 'logicalId'>, length = 12): string {
  const digest = createHash('sha256').update(`${context.stackName}/${context.logicalId}`).digest();
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[digest[i] % alphabet.length];
  return out;
}

/** `<stack>-<logicalId>-<SUFFIX>`, shortened the way CloudFormation shortens generated names. */
function generatedName(context: SimulatorContext, maxLength: number): string {
  const suffix = deterministicSuffix(context);
  const room = maxLength - suffix.length - 2;
  const stackPart = context.stackName.slice(0, Math.ceil(room / 2));
  const logicalPart = context.logicalId.slice(0, room - stackPart.length);
  return `${stackPart}-${logicalPart}-${suffix}`;
}

function str(properties: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const value = properties[key];
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function bool(properties: Readonly<Record<string, unknown>>, key: string): boolean | undefined {
  const value = properties[key];
  if (value === undefined) return undefined;
  return value === true || value === 'true';
}

function num(properties: Readonly<Record<string, unknown>>, key: string): number | undefined {
  const value = properties[key];
  return value === undefined ? undefined : Number(value);
}

function changed(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) !== JSON.stringify(b);
}

/** Ignores "not found" on delete: the resource is already gone, which is what Delete wants. */
function ignoreMissing(action: () => void): void {
  try {
    action();
  } catch (error) {
    if (error instanceof AwsServiceError && /NotFound/.test(error.type)) return;
    throw error;
  }
}

const ssmParameter: ResourceSimulator = {
  honours: ['Name', 'Type', 'Value', 'Description', 'AllowedPattern', 'DataType', 'Tier'],
  create(context) {
    const { properties: p } = context;
    const type = str(p, 'Type');
    if (type !== 'String' && type !== 'StringList') {
      throw new Error(`Type must be String or StringList (CloudFormation cannot create SecureString parameters), got ${String(type)}`);
    }
    const value = str(p, 'Value');
    if (value === undefined) throw new Error('Value is required');
    const name = str(p, 'Name') ?? `CFN-${context.logicalId}-${deterministicSuffix(context)}`;
    context.standIns.ssm.putParameter(context.region, {
      name,
      value,
      type,
      description: str(p, 'Description'),
      allowedPattern: str(p, 'AllowedPattern'),
      dataType: str(p, 'DataType'),
      tier: str(p, 'Tier'),
    });
    return { physicalId: name, attributes: { Type: type, Value: value } };
  },
  update(context, previous) {
    const name = str(context.properties, 'Name') ?? previous.physicalId;
    if (name !== previous.physicalId) return ssmParameter.create(context);
    const { properties: p } = context;
    const type = str(p, 'Type') as 'String' | 'StringList';
    const value = str(p, 'Value') ?? '';
    context.standIns.ssm.putParameter(context.region, {
      name,
      value,
      type,
      overwrite: true,
      description: str(p, 'Description'),
      allowedPattern: str(p, 'AllowedPattern'),
      dataType: str(p, 'DataType'),
      tier: str(p, 'Tier'),
    });
    return { physicalId: name, attributes: { Type: type, Value: value } };
  },
  delete(context, previous) {
    ignoreMissing(() => context.standIns.ssm.deleteParameter(context.region, previous.physicalId));
  },
};

const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

/** Secrets Manager's GetRandomPassword rules, which GenerateSecretString uses. */
export function generateSecretString(options: Readonly<Record<string, unknown>>): string {
  const length = num(options, 'PasswordLength') ?? 32;
  const exclude = str(options, 'ExcludeCharacters') ?? '';
  const classes: string[] = [];
  if (!bool(options, 'ExcludeLowercase')) classes.push('abcdefghijklmnopqrstuvwxyz');
  if (!bool(options, 'ExcludeUppercase')) classes.push('ABCDEFGHIJKLMNOPQRSTUVWXYZ');
  if (!bool(options, 'ExcludeNumbers')) classes.push('0123456789');
  if (!bool(options, 'ExcludePunctuation')) classes.push(PUNCTUATION);
  if (bool(options, 'IncludeSpace')) classes.push(' ');
  const usable = classes.map((chars) => [...chars].filter((c) => !exclude.includes(c)).join('')).filter((chars) => chars.length > 0);
  if (usable.length === 0) throw new Error('GenerateSecretString excludes every character');
  if (!Number.isInteger(length) || length < 1 || length > 4096) throw new Error('PasswordLength must be 1 to 4096');
  const requireEach = bool(options, 'RequireEachIncludedType') ?? true;
  const all = usable.join('');
  const chars: string[] = [];
  if (requireEach) {
    if (length < usable.length) throw new Error(`PasswordLength ${length} is too short to include each character type`);
    for (const set of usable) chars.push(set[randomInt(set.length)]);
  }
  while (chars.length < length) chars.push(all[randomInt(all.length)]);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  const password = chars.join('');
  const template = str(options, 'SecretStringTemplate');
  const key = str(options, 'GenerateStringKey');
  if ((template === undefined) !== (key === undefined)) {
    throw new Error('SecretStringTemplate and GenerateStringKey must be given together');
  }
  if (template === undefined || key === undefined) return password;
  const parsed: unknown = JSON.parse(template);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('SecretStringTemplate must be a JSON object');
  return JSON.stringify({ ...(parsed as Record<string, unknown>), [key]: password });
}

function secretValue(properties: Readonly<Record<string, unknown>>): string | undefined {
  const literal = str(properties, 'SecretString');
  const generate = properties.GenerateSecretString;
  if (literal !== undefined && generate !== undefined) throw new Error('SecretString and GenerateSecretString cannot both be set');
  if (literal !== undefined) return literal;
  if (generate === undefined) return undefined;
  if (typeof generate !== 'object' || generate === null) throw new Error('GenerateSecretString must be an object');
  return generateSecretString(generate as Record<string, unknown>);
}

const secretsManagerSecret: ResourceSimulator = {
  honours: ['Name', 'Description', 'KmsKeyId', 'SecretString', 'GenerateSecretString (all its options)'],
  create(context) {
    const { properties: p } = context;
    const name = str(p, 'Name') ?? `${context.logicalId}-${deterministicSuffix(context)}`;
    const secret = context.standIns.secretsManager.createSecret(context.region, {
      name,
      description: str(p, 'Description'),
      kmsKeyId: str(p, 'KmsKeyId'),
      secretString: secretValue(p),
    });
    return { physicalId: secret.arn, attributes: { Id: secret.arn } };
  },
  update(context, previous) {
    const { properties: p } = context;
    if (changed(p.Name, previous.properties.Name)) return secretsManagerSecret.create(context);
    const valueChanged =
      changed(p.SecretString, previous.properties.SecretString) ||
      changed(p.GenerateSecretString, previous.properties.GenerateSecretString);
    context.standIns.secretsManager.updateSecret(context.region, previous.physicalId, {
      description: str(p, 'Description'),
      kmsKeyId: str(p, 'KmsKeyId'),
      secretString: valueChanged ? secretValue(p) : undefined,
    });
    return { physicalId: previous.physicalId, attributes: previous.attributes };
  },
  delete(context, previous) {
    ignoreMissing(() => context.standIns.secretsManager.deleteSecret(context.region, previous.physicalId, { force: true }));
  },
};

const kmsKey: ResourceSimulator = {
  honours: ['Description', 'Enabled', 'KeyUsage', 'KeySpec', 'MultiRegion', 'KeyPolicy (recorded)', 'PendingWindowInDays'],
  create(context) {
    const { properties: p } = context;
    const key = context.standIns.kms.createKey(context.region, {
      description: str(p, 'Description'),
      enabled: bool(p, 'Enabled'),
      keyUsage: str(p, 'KeyUsage'),
      keySpec: str(p, 'KeySpec'),
      multiRegion: bool(p, 'MultiRegion'),
      policy: p.KeyPolicy === undefined ? undefined : JSON.stringify(p.KeyPolicy),
    });
    return { physicalId: key.keyId, attributes: { Arn: key.arn, KeyId: key.keyId } };
  },
  update(context, previous) {
    const { properties: p } = context;
    // CloudFormation replaces a key when its usage, spec or multi-Region flag changes.
    if (['KeyUsage', 'KeySpec', 'MultiRegion'].some((k) => changed(p[k], previous.properties[k]))) return kmsKey.create(context);
    const key = context.standIns.kms.resolveKey(context.region, previous.physicalId);
    key.description = str(p, 'Description') ?? '';
    const enabled = bool(p, 'Enabled') ?? true;
    if (enabled !== key.enabled) context.standIns.kms.setEnabled(context.region, key.keyId, enabled);
    return { physicalId: previous.physicalId, attributes: previous.attributes };
  },
  delete(context, previous) {
    ignoreMissing(() => context.standIns.kms.scheduleKeyDeletion(context.region, previous.physicalId, num(context.properties, 'PendingWindowInDays') ?? 30));
  },
};

const kmsAlias: ResourceSimulator = {
  honours: ['AliasName', 'TargetKeyId'],
  create(context) {
    const aliasName = str(context.properties, 'AliasName');
    const target = str(context.properties, 'TargetKeyId');
    if (!aliasName || !target) throw new Error('AliasName and TargetKeyId are required');
    context.standIns.kms.createAlias(context.region, aliasName, target);
    return { physicalId: aliasName, attributes: {} };
  },
  update(context, previous) {
    if (changed(context.properties.AliasName, previous.properties.AliasName)) return kmsAlias.create(context);
    context.standIns.kms.deleteAlias(context.region, previous.physicalId);
    return kmsAlias.create(context);
  },
  delete(context, previous) {
    context.standIns.kms.deleteAlias(context.region, previous.physicalId);
  },
};

/** Builds a simulator for resources with only a name, an ARN and no stand-in state. */
function namedResource(options: {
  nameProperty: string;
  maxLength: number;
  lowerCase?: boolean;
  /** Ref returns the ARN rather than the name. */
  refIsArn?: boolean;
  attributes: (context: SimulatorContext, name: string) => Record<string, unknown>;
}): ResourceSimulator {
  const simulator: ResourceSimulator = {
    honours: [options.nameProperty],
    create(context) {
      let name = str(context.properties, options.nameProperty) ?? generatedName(context, options.maxLength);
      if (options.lowerCase) name = name.toLowerCase();
      const attributes = options.attributes(context, name);
      return { physicalId: options.refIsArn ? String(attributes.Arn) : name, attributes };
    },
    update(context, previous) {
      // A new physical name is a replacement in CloudFormation; anything else is an in-place update.
      if (changed(context.properties[options.nameProperty], previous.properties[options.nameProperty])) {
        return simulator.create(context);
      }
      return { physicalId: previous.physicalId, attributes: previous.attributes };
    },
    delete() {
      // No stand-in state to remove.
    },
  };
  return simulator;
}

const arn = (c: SimulatorContext, service: string, resource: string): string =>
  `arn:${c.partition}:${service}:${c.region}:${c.accountId}:${resource}`;

/** Deterministic physical id and a synthetic ARN: enough for Ref and `Fn::GetAtt X.Arn`. */
export const genericSimulator: ResourceSimulator = {
  honours: [],
  create(context) {
    const physicalId = generatedName(context, 128);
    const service = (context.type.split('::')[1] ?? 'unknown').toLowerCase();
    const resourceKind = (context.type.split('::')[2] ?? 'resource').toLowerCase();
    return { physicalId, attributes: { Arn: arn(context, service, `${resourceKind}/${physicalId}`) } };
  },
  update(_context, previous) {
    return { physicalId: previous.physicalId, attributes: previous.attributes };
  },
  delete() {
    // Nothing is stored for generic resources.
  },
};

/** The built-in simulators by resource type. */
export function defaultSimulators(): Record<string, ResourceSimulator> {
  return {
    'AWS::SSM::Parameter': ssmParameter,
    'AWS::SecretsManager::Secret': secretsManagerSecret,
    'AWS::KMS::Key': kmsKey,
    'AWS::KMS::Alias': kmsAlias,
    'AWS::S3::Bucket': namedResource({
      nameProperty: 'BucketName',
      maxLength: 63,
      lowerCase: true,
      attributes: (c, name) => ({
        Arn: `arn:${c.partition}:s3:::${name}`,
        DomainName: `${name}.s3.${c.urlSuffix}`,
        RegionalDomainName: `${name}.s3.${c.region}.${c.urlSuffix}`,
        DualStackDomainName: `${name}.s3.dualstack.${c.region}.${c.urlSuffix}`,
        WebsiteURL: `http://${name}.s3-website-${c.region}.${c.urlSuffix}`,
      }),
    }),
    'AWS::IAM::Role': namedResource({
      nameProperty: 'RoleName',
      maxLength: 64,
      attributes: (c, name) => ({
        Arn: `arn:${c.partition}:iam::${c.accountId}:role${str(c.properties, 'Path') ?? '/'}${name}`,
        RoleId: `AROA${deterministicSuffix(c, 17)}`,
      }),
    }),
    'AWS::IAM::ManagedPolicy': namedResource({
      nameProperty: 'ManagedPolicyName',
      maxLength: 128,
      refIsArn: true,
      attributes: (c, name) => {
        const policyArn = `arn:${c.partition}:iam::${c.accountId}:policy${str(c.properties, 'Path') ?? '/'}${name}`;
        return { Arn: policyArn, PolicyArn: policyArn };
      },
    }),
    'AWS::Lambda::Function': namedResource({
      nameProperty: 'FunctionName',
      maxLength: 64,
      attributes: (c, name) => ({ Arn: arn(c, 'lambda', `function:${name}`) }),
    }),
    'AWS::StepFunctions::StateMachine': namedResource({
      nameProperty: 'StateMachineName',
      maxLength: 80,
      refIsArn: true,
      attributes: (c, name) => ({ Arn: arn(c, 'states', `stateMachine:${name}`), Name: name }),
    }),
    'AWS::Logs::LogGroup': namedResource({
      nameProperty: 'LogGroupName',
      maxLength: 512,
      attributes: (c, name) => ({ Arn: arn(c, 'logs', `log-group:${name}:*`) }),
    }),
  };
}
