/**
 * LifecycleHarness: deploys synthesized CloudFormation templates locally, driving the kit's custom
 * resource handler exactly as CloudFormation and the CDK Provider framework (aws-cdk-lib 2.276,
 * custom-resources/lib/provider-framework/runtime) would, and simulating every other resource.
 * README.md in this directory lists what is faithful and what is not.
 */
import { randomUUID } from 'node:crypto';
import type {
  IsCompleteRequest,
  IsCompleteResponse,
  OnEventRequest,
  OnEventResponse,
} from 'aws-cdk-lib/custom-resources/lib/provider-framework/types';
import { captureOutput, type LogStream } from './capture';
import {
  collectReferences,
  createConditionEvaluator,
  evaluateConditionExpression,
  hasDynamicReferences,
  resolveDynamicReferences,
  resolveValue,
  stringifyForCustomResource,
  TemplateError,
  type ResolveScope,
} from './intrinsics';
import { partitionOf, urlSuffixOf } from './partitions';
import { defaultSimulators, genericSimulator, type ResourceSimulator, type SimulatorContext } from './simulators';
import { startAwsStandIns, type AwsStandIns } from './stand-ins';

/**
 * The fields every CloudFormation custom-resource event carries. aws-cdk-lib's provider types take
 * them from @types/aws-lambda, which this repo does not install, so they are spelt out here.
 */
export interface CloudFormationEventFields {
  readonly ServiceToken: string;
  readonly ResponseURL: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  readonly ResourceType: string;
  readonly ResourceProperties: { readonly ServiceToken: string; readonly [key: string]: any };
}

export type ProviderOnEventRequest = OnEventRequest & CloudFormationEventFields;
export type ProviderIsCompleteRequest = IsCompleteRequest & CloudFormationEventFields;
export type { OnEventResponse, IsCompleteResponse };

/** The kit's handler pair, as the Provider framework's user functions. */
export interface ProviderHandler {
  onEvent(event: ProviderOnEventRequest): Promise<OnEventResponse | undefined | void> | OnEventResponse | undefined | void;
  isComplete?(event: ProviderIsCompleteRequest): Promise<IsCompleteResponse> | IsCompleteResponse;
}

export interface PollInfo {
  readonly stackName: string;
  readonly logicalId: string;
  readonly requestType: RequestType;
  /** 1 for the poll the waiter makes at once after onEvent; later ones follow the provider's queryInterval. */
  readonly attempt: number;
  readonly physicalResourceId: string;
}

export interface LifecycleHarnessOptions {
  readonly handler: ProviderHandler;
  /** Put in WICKR_ENDPOINT_URL while the handler runs (e.g. the emulator's url). Unset otherwise. */
  readonly wickrEndpoint?: string;
  readonly accountId?: string;
  /** isComplete calls per operation before "Operation timed out". Default 60. */
  readonly maxPolls?: number;
  /** Resource types handed to the handler. Default 'Custom::Wickr'. */
  readonly resourceTypePrefix?: string;
  /** Called before every isComplete call, outside the handler's environment and log capture. */
  readonly onPoll?: (poll: PollInfo) => void | Promise<void>;
  /** Stand-ins to use; by default the harness starts its own on first use and close() stops them. */
  readonly standIns?: AwsStandIns;
  /** Extra or replacement simulators by resource type. */
  readonly simulators?: Readonly<Record<string, ResourceSimulator>>;
  /** Credentials put in the handler's environment. Default DEFAULT_HANDLER_CREDENTIALS. */
  readonly credentials?: HandlerCredentials;
  /** More environment variables for the handler (applied last). */
  readonly extraEnv?: Readonly<Record<string, string>>;
  /** Also print captured handler output. Default false. */
  readonly echoLogs?: boolean;
  /** The value for the CDK bootstrap version parameter when SSM has none. Default '33' (aws-cdk's template). */
  readonly bootstrapVersion?: string;
  /**
   * AWS-owned public parameters (names under `/aws/`, such as the ECS-optimized AMI id), which no
   * account can put into SSM: the values the harness answers for them, by name. Default none.
   */
  readonly publicParameters?: Readonly<Record<string, string>>;
  /**
   * Gives every user function this timeout instead of its template's `Timeout`, in ms: the time a
   * handler is told it has left (`context.getRemainingTimeInMillis()`) and after which the harness
   * fails the invocation with Lambda's "Task timed out" message; a function is asked at each
   * invocation. Default: the function's Timeout.
   */
  readonly lambdaTimeoutMs?: number | (() => number | undefined);
}

export interface StackInput {
  readonly stackName: string;
  readonly region: string;
  /** Synthesized CloudFormation JSON. */
  readonly template: unknown;
  /** Values for template Parameters (others take their Default). */
  readonly parameters?: Readonly<Record<string, string>>;
}

export interface DeployOptions {
  /** Send Update to every handler-driven resource even when its properties did not change. */
  readonly forceUpdate?: boolean;
}

export type RequestType = 'Create' | 'Update' | 'Delete';
export type Phase = 'onEvent' | 'isComplete';

export interface Operation {
  readonly logicalId: string;
  readonly type: string;
  readonly kind: ResourceKind;
  /** 'Retain' means a Delete skipped because of DeletionPolicy/UpdateReplacePolicy. */
  readonly action: RequestType | 'Retain';
  readonly physicalId: string;
  /** True on the Update that returned a new physical id. */
  readonly replacement?: boolean;
}

export interface StackResult {
  readonly stackName: string;
  readonly region: string;
  readonly stackId: string;
  readonly operations: readonly Operation[];
  readonly outputs: Readonly<Record<string, string>>;
}

export interface Invocation {
  readonly stackName: string;
  readonly logicalId: string;
  readonly requestType: RequestType;
  readonly phase: Phase;
  /** For isComplete: which poll. */
  readonly attempt?: number;
  /** The event as the handler received it. */
  readonly request: Record<string, unknown>;
  response?: unknown;
  error?: string;
}

export interface LogEntry {
  readonly stackName: string;
  readonly logicalId: string;
  readonly requestType: RequestType;
  readonly phase: Phase;
  readonly stream: LogStream;
  readonly text: string;
}

export type ResourceKind = 'custom' | 'simulated';

export interface ResourceRecord {
  readonly type: string;
  readonly kind: ResourceKind;
  readonly physicalId: string;
  /** Custom resources: the Data returned. Simulated: the attributes Fn::GetAtt reads. */
  readonly data: Readonly<Record<string, unknown>>;
  /** Custom resources: ResourceProperties as sent (strings). Simulated: resolved properties. */
  readonly properties: Readonly<Record<string, unknown>>;
  readonly noEcho: boolean;
}

/** A deploy or destroy step that failed, named as CloudFormation would show it. */
export class LifecycleError extends Error {
  constructor(
    readonly stackName: string,
    readonly logicalId: string,
    readonly requestType: RequestType | 'Validate',
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Stack ${stackName}: ${logicalId} ${requestType} failed: ${reason}`, options);
    this.name = 'LifecycleError';
  }
}

/** The Provider framework's marker when a response carries no physical id. */
export const MISSING_PHYSICAL_ID_MARKER = 'AWSCDK::CustomResourceProviderFramework::MISSING_PHYSICAL_ID';
/** CloudFormation refuses a custom-resource response body above 4 KiB. */
export const MAX_RESPONSE_BYTES = 4096;

/**
 * Lambda hands a handler temporary credentials. These fake ones use the key pair test/setup-env.ts
 * and the Wickr emulator default to (the emulator verifies signatures in full; the AWS stand-ins
 * accept any key), plus a session token as Lambda always has one.
 */
export const DEFAULT_HANDLER_CREDENTIALS: HandlerCredentials = {
  accessKeyId: 'AKIDEXAMPLETESTONLY',
  secretAccessKey: 'test-secret-access-key-not-real',
  sessionToken: 'lifecycle-harness-fake-session-token',
};

export interface HandlerCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}
/** Unset while the handler runs so nothing outside the harness's choice redirects or authenticates it. */
const CLEARED_ENV = ['AWS_PROFILE', 'AWS_ENDPOINT_URL', 'WICKR_ENDPOINT_URL', 'AWS_SESSION_TOKEN'];

interface ResourceState {
  readonly logicalId: string;
  readonly type: string;
  readonly kind: ResourceKind;
  readonly physicalId: string;
  readonly data: Record<string, unknown>;
  readonly properties: Record<string, unknown>;
  /** The properties before dynamic references were resolved: what "changed" is decided on. */
  readonly comparable: string;
  readonly serviceToken?: string;
  readonly noEcho: boolean;
  readonly dependsOn: readonly string[];
  readonly deletionPolicy?: string;
  readonly updateReplacePolicy?: string;
}

interface StackState {
  readonly stackName: string;
  readonly region: string;
  readonly stackId: string;
  readonly resources: Map<string, ResourceState>;
  outputs: Record<string, string>;
  exports: Map<string, string>;
  imports: Set<string>;
}

interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DependsOn?: string | string[];
  readonly Condition?: string;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

interface Template {
  readonly Parameters?: Record<string, Record<string, unknown>>;
  readonly Mappings?: Record<string, unknown>;
  readonly Conditions?: Record<string, unknown>;
  readonly Rules?: Record<string, { RuleCondition?: unknown; Assertions?: Array<{ Assert: unknown; AssertDescription?: string }> }>;
  readonly Resources: Record<string, TemplateResource>;
  readonly Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown }; Condition?: string }>;
  readonly Transform?: unknown;
}

const RETAIN_POLICIES = ['Retain', 'RetainExceptOnCreate'];

export class LifecycleHarness {
  /** Every event sent to the handler and what came back, in order. */
  readonly invocations: Invocation[] = [];
  /** Everything the handler wrote to the console or stdout/stderr, per invocation. */
  readonly logs: LogEntry[] = [];
  onPoll: ((poll: PollInfo) => void | Promise<void>) | undefined;

  private readonly handler: ProviderHandler;
  private readonly accountId: string;
  private readonly maxPolls: number;
  private readonly prefix: string;
  private readonly simulators: Record<string, ResourceSimulator>;
  private readonly stacks = new Map<string, StackState>();
  /** Exports per Region, as CloudFormation keeps them: name → exporting stack and value. */
  private readonly exportsByRegion = new Map<string, Map<string, { stackName: string; value: string }>>();
  private standInsValue: AwsStandIns | undefined;
  private ownsStandIns = false;

  constructor(private readonly options: LifecycleHarnessOptions) {
    this.handler = options.handler;
    this.accountId = options.accountId ?? '123456789012';
    this.maxPolls = options.maxPolls ?? 60;
    this.prefix = options.resourceTypePrefix ?? 'Custom::Wickr';
    this.simulators = { ...defaultSimulators(), ...options.simulators };
    this.onPoll = options.onPoll;
    this.standInsValue = options.standIns;
  }

  /** Starts the stand-ins if the harness owns them; deploy() calls it for you. */
  async start(): Promise<AwsStandIns> {
    if (!this.standInsValue) {
      this.standInsValue = await startAwsStandIns({ accountId: this.accountId });
      this.ownsStandIns = true;
    }
    return this.standInsValue;
  }

  /** The stand-ins in use (after start() or the first deploy()). */
  get standIns(): AwsStandIns {
    if (!this.standInsValue) throw new Error('The harness has not started: call start() or deploy() first.');
    return this.standInsValue;
  }

  /** Stops stand-ins the harness started itself. */
  async close(): Promise<void> {
    if (this.ownsStandIns && this.standInsValue) await this.standInsValue.close();
    if (this.ownsStandIns) this.standInsValue = undefined;
    this.ownsStandIns = false;
  }

  /** Physical ids, Data/attributes and properties per stack and logical id. */
  get resources(): Record<string, Record<string, ResourceRecord>> {
    const out: Record<string, Record<string, ResourceRecord>> = {};
    for (const [name, stack] of this.stacks) {
      out[name] = {};
      for (const [logicalId, r] of stack.resources) {
        out[name][logicalId] = { type: r.type, kind: r.kind, physicalId: r.physicalId, data: r.data, properties: r.properties, noEcho: r.noEcho };
      }
    }
    return out;
  }

  /** Exports per Region: `exports['ap-southeast-2']['Name'] === value`. */
  get exports(): Record<string, Record<string, string>> {
    const out: Record<string, Record<string, string>> = {};
    for (const [region, map] of this.exportsByRegion) {
      out[region] = Object.fromEntries([...map].map(([name, entry]) => [name, entry.value]));
    }
    return out;
  }

  outputs(stackName: string): Record<string, string> {
    return { ...this.requireStack(stackName).outputs };
  }

  stackId(stackName: string): string {
    return this.requireStack(stackName).stackId;
  }

  /** All captured handler output as one string, for "no secret in logs" assertions. */
  logText(): string {
    return this.logs.map((entry) => entry.text).join('\n');
  }

  /** Deploys stacks in the order given; rejects at the first failure (no rollback; see README). */
  async deploy(stacks: readonly StackInput[], options: DeployOptions = {}): Promise<StackResult[]> {
    await this.start();
    const results: StackResult[] = [];
    for (const stack of stacks) results.push(await this.deployStack(stack, options));
    return results;
  }

  /** Deletes stacks in reverse order (default: every deployed stack, newest first). */
  async destroy(stackNames?: readonly string[]): Promise<StackResult[]> {
    await this.start();
    const names = stackNames ? [...stackNames].reverse() : [...this.stacks.keys()].reverse();
    const results: StackResult[] = [];
    for (const name of names) results.push(await this.destroyStack(name));
    return results;
  }

  private requireStack(stackName: string): StackState {
    const stack = this.stacks.get(stackName);
    if (!stack) throw new Error(`Stack with id ${stackName} does not exist`);
    return stack;
  }

  private regionExports(region: string): Map<string, { stackName: string; value: string }> {
    let map = this.exportsByRegion.get(region);
    if (!map) this.exportsByRegion.set(region, (map = new Map()));
    return map;
  }

  // ---------------------------------------------------------------- deploy

  private async deployStack(input: StackInput, options: DeployOptions): Promise<StackResult> {
    const { stackName, region } = input;
    const template = this.checkTemplate(stackName, input.template);
    const existing = this.stacks.get(stackName);
    if (existing && existing.region !== input.region) {
      throw new LifecycleError(stackName, stackName, 'Validate', `the harness already has stack ${stackName} in ${existing.region}; stack names must be unique across Regions here`);
    }
    const stackId = existing?.stackId ?? `arn:${partitionOf(region)}:cloudformation:${region}:${this.accountId}:stack/${stackName}/${randomUUID()}`;
    const validate = <T>(body: () => T): T => {
      try {
        return body();
      } catch (error) {
        if (error instanceof LifecycleError) throw error;
        throw new LifecycleError(stackName, stackName, 'Validate', messageOf(error), { cause: error });
      }
    };

    const parameters = validate(() => this.resolveParameters(template, input));
    const base = { region, accountId: this.accountId, stackName, stackId, parameters, mappings: template.Mappings };
    const condition = createConditionEvaluator(template.Conditions, base);
    validate(() => this.checkRules(template, { ...base, condition }));

    const active = validate(() =>
      Object.keys(template.Resources).filter((id) => {
        const name = template.Resources[id].Condition;
        return name === undefined || condition(name, `Resources/${id}/Condition`);
      }),
    );
    const activeSet = new Set(active);
    const dependencies = validate(() => this.dependencies(template, activeSet));
    const order = validate(() => topologicalOrder(active, dependencies));

    if (existing) {
      const changedTypes = active.filter((id) => existing.resources.has(id) && existing.resources.get(id)!.type !== template.Resources[id].Type);
      if (changedTypes.length > 0) {
        throw new LifecycleError(
          stackName,
          stackName,
          'Validate',
          `Update of resource type is not permitted. The new template modifies resource type of the following resources: [${changedTypes.join(', ')}]`,
        );
      }
    }

    const state: StackState = existing ?? {
      stackName,
      region,
      stackId,
      resources: new Map(),
      outputs: {},
      exports: new Map(),
      imports: new Set(),
    };
    this.stacks.set(stackName, state);
    const previous = new Map(state.resources);
    const processed = new Set<string>();
    const imports = new Set<string>();
    const operations: Operation[] = [];
    const cleanup: ResourceState[] = [];

    const scope: ResolveScope = {
      ...base,
      condition,
      ref: (logicalId, path) => this.lookup(state, template, activeSet, processed, logicalId, path).physicalId,
      getAtt: (logicalId, attribute, path) => {
        const resource = this.lookup(state, template, activeSet, processed, logicalId, path);
        if (Object.prototype.hasOwnProperty.call(resource.data, attribute)) return resource.data[attribute];
        if (resource.kind === 'custom') {
          throw new TemplateError(`CustomResource attribute error: Vendor response doesn't contain ${attribute} key in the Data of ${logicalId}`, path);
        }
        throw new TemplateError(
          `${logicalId} (${resource.type}) has no attribute ${attribute} in the harness; it knows [${Object.keys(resource.data).join(', ')}] (register a simulator for more)`,
          path,
        );
      },
      importValue: (name, path) => {
        const entry = this.regionExports(region).get(name);
        if (!entry) throw new TemplateError(`No export named ${name} found in ${region}`, path);
        if (entry.stackName === stackName) throw new TemplateError(`stack ${stackName} cannot import its own export ${name}`, path);
        imports.add(name);
        return entry.value;
      },
    };

    try {
      for (const logicalId of order) {
        const definition = template.Resources[logicalId];
        const path = `Resources/${logicalId}/Properties`;
        const properties = this.resolveOrFail(stackName, logicalId, () => resolveValue(definition.Properties ?? {}, scope, path)) as Record<string, unknown>;
        const meta = {
          dependsOn: [...(dependencies.get(logicalId) ?? [])],
          deletionPolicy: definition.DeletionPolicy,
          updateReplacePolicy: definition.UpdateReplacePolicy,
        };
        const old = previous.get(logicalId);
        const outcome = this.isDriven(definition.Type, properties)
          ? await this.applyCustom(state, logicalId, definition.Type, properties, meta, old, options.forceUpdate === true)
          : this.applySimulated(state, logicalId, definition.Type, properties, meta, old);
        processed.add(logicalId);
        if (outcome.operation) operations.push(outcome.operation);
        if (outcome.replaced) cleanup.push(outcome.replaced);
      }

      const { outputs, exports } = this.resolveOutputs(stackName, template, scope);
      this.checkExportsInUse(state, exports);
      for (const [logicalId, old] of previous) if (!activeSet.has(logicalId)) cleanup.push(old);
      await this.cleanup(state, cleanup, operations, (logicalId) => !activeSet.has(logicalId));

      for (const name of state.exports.keys()) this.regionExports(region).delete(name);
      for (const [name, value] of exports) this.regionExports(region).set(name, { stackName, value });
      state.outputs = outputs;
      state.exports = exports;
      state.imports = imports;
    } catch (error) {
      // No rollback: what was created or updated stays, so a test can inspect it or destroy() it.
      for (const name of imports) state.imports.add(name);
      throw error;
    }
    return { stackName, region, stackId, operations, outputs: { ...state.outputs } };
  }

  private checkTemplate(stackName: string, raw: unknown): Template {
    const fail = (reason: string): never => {
      throw new LifecycleError(stackName, stackName, 'Validate', reason);
    };
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('the template must be a JSON object');
    const template = raw as Template;
    if (template.Transform !== undefined) fail('Transform is not supported by the lifecycle harness');
    if (typeof template.Resources !== 'object' || template.Resources === null || Object.keys(template.Resources).length === 0) {
      fail('Template format error: At least one Resources member must be defined.');
    }
    for (const [id, resource] of Object.entries(template.Resources)) {
      if (typeof resource?.Type !== 'string') fail(`Resources/${id}: Type is required`);
      if (resource.Type.startsWith('Custom::') && !/^Custom::[A-Za-z0-9_@-]{1,60}$/.test(resource.Type)) {
        fail(`Resources/${id}: invalid custom resource type ${resource.Type}`);
      }
    }
    return template;
  }

  private resolveParameters(template: Template, input: StackInput): Record<string, string | string[]> {
    const declared = template.Parameters ?? {};
    for (const name of Object.keys(input.parameters ?? {})) {
      if (!(name in declared)) throw new Error(`Parameters: [${name}] do not exist in the template`);
    }
    const out: Record<string, string | string[]> = {};
    const missing: string[] = [];
    for (const [name, definition] of Object.entries(declared)) {
      const given = input.parameters?.[name] ?? (definition.Default === undefined ? undefined : String(definition.Default));
      if (given === undefined) {
        missing.push(name);
        continue;
      }
      const type = String(definition.Type ?? 'String');
      let value = given;
      const ssm = /^AWS::SSM::Parameter::Value<(.+)>$/.exec(type);
      if (ssm) value = this.ssmParameterValue(input.region, given);
      const isList = (ssm ? ssm[1] : type).startsWith('List<') || (ssm ? ssm[1] : type) === 'CommaDelimitedList';
      const items = isList ? value.split(',') : [value];
      for (const item of items) checkParameterValue(name, item, definition, ssm ? ssm[1] : type);
      out[name] = isList ? items : value;
    }
    if (missing.length > 0) throw new Error(`Parameters: [${missing.join(', ')}] must have values`);
    return out;
  }

  private ssmParameterValue(region: string, name: string): string {
    const stored = this.standIns.ssm.find(region, name);
    if (stored) {
      if (stored.type === 'SecureString') throw new Error(`Parameters [${name}] referenced by template have types not supported by CloudFormation.`);
      return stored.value;
    }
    // `cdk bootstrap` writes this parameter; the harness plays the bootstrapped environment.
    if (/^\/cdk-bootstrap\/[^/]+\/version$/.test(name)) return this.options.bootstrapVersion ?? '33';
    // AWS publishes these in every Region; the harness plays the values a test gives it.
    const published = this.options.publicParameters?.[name];
    if (published !== undefined) return published;
    throw new Error(`Unable to fetch parameters [${name}] from parameter store for this account.`);
  }

  private checkRules(template: Template, scope: Omit<ResolveScope, 'ref' | 'getAtt' | 'importValue'>): void {
    const ruleScope: ResolveScope = {
      ...scope,
      ref: (id, path) => {
        throw new TemplateError(`rules cannot refer to resource ${id}`, path);
      },
      getAtt: (id, _attribute, path) => {
        throw new TemplateError(`rules cannot refer to resource ${id}`, path);
      },
      importValue: (_name, path) => {
        throw new TemplateError('rules cannot use Fn::ImportValue', path);
      },
    };
    for (const [name, rule] of Object.entries(template.Rules ?? {})) {
      if (rule.RuleCondition !== undefined && !evaluateConditionExpression(rule.RuleCondition, ruleScope, `Rules/${name}/RuleCondition`)) continue;
      (rule.Assertions ?? []).forEach((assertion, index) => {
        if (!evaluateConditionExpression(assertion.Assert, ruleScope, `Rules/${name}/Assertions/${index}/Assert`)) {
          throw new Error(`Template error: rule ${name} failed: ${assertion.AssertDescription ?? 'assertion failed'}`);
        }
      });
    }
  }

  private dependencies(template: Template, active: ReadonlySet<string>): Map<string, Set<string>> {
    const all = new Set(Object.keys(template.Resources));
    const out = new Map<string, Set<string>>();
    for (const id of active) {
      const definition = template.Resources[id];
      const deps = collectReferences(definition.Properties ?? {}, all);
      const dependsOn = definition.DependsOn === undefined ? [] : Array.isArray(definition.DependsOn) ? definition.DependsOn : [definition.DependsOn];
      for (const target of dependsOn) {
        // CloudFormation treats a resource whose condition is false as absent, DependsOn included.
        if (!all.has(target) || !active.has(target)) {
          throw new Error(`Template format error: Unresolved resource dependencies [${target}] in the Resources block of the template`);
        }
        deps.add(target);
      }
      deps.delete(id);
      // A Ref or GetAtt to a resource whose condition is false can only sit in an Fn::If branch not taken.
      out.set(id, new Set([...deps].filter((target) => active.has(target))));
    }
    return out;
  }

  private lookup(
    state: StackState,
    template: Template,
    active: ReadonlySet<string>,
    processed: ReadonlySet<string>,
    logicalId: string,
    path: string,
  ): ResourceState {
    if (!(logicalId in template.Resources) || !active.has(logicalId)) {
      throw new TemplateError(`Template format error: Unresolved resource dependencies [${logicalId}] in the Resources block of the template`, path);
    }
    const resource = state.resources.get(logicalId);
    if (!resource || !processed.has(logicalId)) {
      throw new TemplateError(`harness bug: ${logicalId} was referenced before it was deployed`, path);
    }
    return resource;
  }

  private resolveOrFail(stackName: string, logicalId: string, body: () => unknown): unknown {
    try {
      return body();
    } catch (error) {
      throw new LifecycleError(stackName, logicalId, 'Validate', messageOf(error), { cause: error });
    }
  }

  /** Handler-driven: the prefix, or any custom resource whose ServiceToken is a Provider framework function. */
  private isDriven(type: string, properties: Record<string, unknown>): boolean {
    if (type.startsWith(this.prefix)) return true;
    if (!type.startsWith('Custom::') && type !== 'AWS::CloudFormation::CustomResource') return false;
    const token = properties.ServiceToken;
    return typeof token === 'string' && this.findFunction(token)?.environment.USER_ON_EVENT_FUNCTION_ARN !== undefined;
  }

  /** A simulated Lambda function by ARN, across deployed stacks. */
  private findFunction(arn: string): { name: string; environment: Record<string, string>; timeoutSeconds: number } | undefined {
    for (const stack of this.stacks.values()) {
      for (const resource of stack.resources.values()) {
        if (resource.type === 'AWS::Lambda::Function' && resource.data.Arn === arn) {
          const variables = (resource.properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
          return {
            name: resource.physicalId,
            environment: Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])),
            // Lambda's default is 3 seconds.
            timeoutSeconds: Number(resource.properties.Timeout ?? 3) || 3,
          };
        }
      }
    }
    return undefined;
  }

  /**
   * The user function behind a ServiceToken: the Provider framework's onEvent Lambda points at it
   * through USER_ON_EVENT_FUNCTION_ARN / USER_IS_COMPLETE_FUNCTION_ARN. Its environment and name
   * are what the handler would see in Lambda.
   */
  private userFunction(serviceToken: string, phase: Phase): { name: string; environment: Record<string, string>; timeoutMs: number } {
    const framework = this.findFunction(serviceToken);
    const variable = phase === 'onEvent' ? 'USER_ON_EVENT_FUNCTION_ARN' : 'USER_IS_COMPLETE_FUNCTION_ARN';
    const userArn = framework?.environment[variable];
    const user = userArn ? this.findFunction(userArn) : framework;
    const name = user?.name ?? (userArn ?? serviceToken).split(':').pop() ?? 'handler';
    const override = typeof this.options.lambdaTimeoutMs === 'function' ? this.options.lambdaTimeoutMs() : this.options.lambdaTimeoutMs;
    return { name, environment: user?.environment ?? {}, timeoutMs: override ?? (user?.timeoutSeconds ?? 900) * 1000 };
  }

  private applySimulated(
    state: StackState,
    logicalId: string,
    type: string,
    unresolved: Record<string, unknown>,
    meta: Pick<ResourceState, 'dependsOn' | 'deletionPolicy' | 'updateReplacePolicy'>,
    old: ResourceState | undefined,
  ): { operation?: Operation; replaced?: ResourceState } {
    const simulator = this.simulators[type] ?? genericSimulator;
    if (old && old.kind !== 'simulated') {
      throw new LifecycleError(state.stackName, logicalId, 'Update', 'the resource changed from handler-driven to simulated; the harness cannot move it');
    }
    const comparable = canonical(unresolved);
    if (old && old.comparable === comparable) return {};
    const requestType: RequestType = old ? 'Update' : 'Create';
    const properties = this.withDynamicReferences(state, logicalId, unresolved);
    const context = this.simulatorContext(state, logicalId, type, properties);
    let result;
    try {
      result = old
        ? simulator.update(context, { physicalId: old.physicalId, attributes: old.data, properties: old.properties })
        : simulator.create(context);
    } catch (error) {
      throw new LifecycleError(state.stackName, logicalId, requestType, `${type}: ${messageOf(error)}`, { cause: error });
    }
    const next: ResourceState = {
      logicalId,
      type,
      kind: 'simulated',
      physicalId: result.physicalId,
      data: { ...result.attributes },
      properties,
      comparable,
      noEcho: false,
      ...meta,
    };
    state.resources.set(logicalId, next);
    const replacement = old !== undefined && old.physicalId !== next.physicalId;
    return {
      operation: { logicalId, type, kind: 'simulated', action: requestType, physicalId: next.physicalId, ...(replacement ? { replacement } : {}) },
      replaced: replacement ? old : undefined,
    };
  }

  /**
   * Resolves `{{resolve:ssm:...}}` and `{{resolve:secretsmanager:...}}` from the stand-ins in the
   * stack's Region, as CloudFormation does when it creates or updates the resource.
   */
  private withDynamicReferences(state: StackState, logicalId: string, properties: Record<string, unknown>): Record<string, unknown> {
    if (!hasDynamicReferences(properties)) return properties;
    const lookup = (service: string, reference: string, path: string): string => {
      if (service === 'ssm') {
        const colon = reference.lastIndexOf(':');
        const versioned = colon > 0 && /^\d+$/.test(reference.slice(colon + 1));
        const name = versioned ? reference.slice(0, colon) : reference;
        const parameter = this.standIns.ssm.find(state.region, name);
        const entry = versioned ? parameter?.history.find((h) => h.version === Number(reference.slice(colon + 1))) : parameter;
        if (!parameter || !entry) throw new TemplateError(`dynamic reference: SSM parameter ${reference} not found in ${state.region}`, path);
        if (entry.type === 'SecureString') throw new TemplateError(`dynamic reference: ${name} is a SecureString; use ssm-secure`, path);
        return entry.value;
      }
      if (service === 'secretsmanager') {
        const parts = reference.split(':');
        const idLength = reference.startsWith('arn:') ? 7 : 1;
        const secretId = parts.slice(0, idLength).join(':');
        const [field = 'SecretString', jsonKey = '', stage = '', versionId = ''] = parts.slice(idLength);
        if (field !== 'SecretString') throw new TemplateError(`dynamic reference: only SecretString can be read, not ${field}`, path);
        try {
          const secret = this.standIns.secretsManager.liveSecret(state.region, secretId);
          const version = this.standIns.secretsManager.selectVersion(secret, versionId || undefined, stage || undefined);
          const text = version.secretString ?? '';
          if (!jsonKey) return text;
          const value = (JSON.parse(text) as Record<string, unknown>)[jsonKey];
          if (value === undefined) throw new Error(`the secret has no JSON key ${jsonKey}`);
          return typeof value === 'string' ? value : JSON.stringify(value);
        } catch (error) {
          throw new TemplateError(`dynamic reference: secret ${secretId}: ${messageOf(error)}`, path);
        }
      }
      throw new TemplateError(`dynamic reference service ${service} is not supported by the lifecycle harness`, path);
    };
    return this.resolveOrFail(state.stackName, logicalId, () =>
      resolveDynamicReferences(properties, lookup, `Resources/${logicalId}/Properties`),
    ) as Record<string, unknown>;
  }

  private simulatorContext(state: StackState, logicalId: string, type: string, properties: Record<string, unknown>): SimulatorContext {
    return {
      stackName: state.stackName,
      region: state.region,
      accountId: this.accountId,
      partition: partitionOf(state.region),
      urlSuffix: urlSuffixOf(state.region),
      logicalId,
      type,
      properties,
      standIns: this.standIns,
    };
  }

  private async applyCustom(
    state: StackState,
    logicalId: string,
    type: string,
    resolved: Record<string, unknown>,
    meta: Pick<ResourceState, 'dependsOn' | 'deletionPolicy' | 'updateReplacePolicy'>,
    old: ResourceState | undefined,
    forceUpdate: boolean,
  ): Promise<{ operation?: Operation; replaced?: ResourceState }> {
    const serviceToken = resolved.ServiceToken;
    if (typeof serviceToken !== 'string' || serviceToken === '') {
      throw new LifecycleError(state.stackName, logicalId, old ? 'Update' : 'Create', 'Property ServiceToken cannot be empty.');
    }
    const unresolved = this.resolveOrFail(state.stackName, logicalId, () =>
      stringifyForCustomResource(resolved, `Resources/${logicalId}/Properties`),
    ) as Record<string, unknown>;
    if (old && old.kind !== 'custom') {
      throw new LifecycleError(state.stackName, logicalId, 'Update', 'the resource changed from simulated to handler-driven; the harness cannot move it');
    }
    if (old && old.serviceToken !== serviceToken) {
      throw new LifecycleError(state.stackName, logicalId, 'Update', 'Modifying service token is not allowed.');
    }
    const comparable = canonical(unresolved);
    if (old && !forceUpdate && old.comparable === comparable) return {};
    const requestType: RequestType = old ? 'Update' : 'Create';
    const properties = this.withDynamicReferences(state, logicalId, unresolved);
    const result = await this.runLifecycle(state, logicalId, type, requestType, serviceToken, properties, old);
    const next: ResourceState = {
      logicalId,
      type,
      kind: 'custom',
      physicalId: result.physicalId,
      data: result.data,
      properties,
      comparable,
      serviceToken,
      noEcho: result.noEcho,
      ...meta,
    };
    state.resources.set(logicalId, next);
    const replacement = old !== undefined && old.physicalId !== next.physicalId;
    return {
      operation: { logicalId, type, kind: 'custom', action: requestType, physicalId: next.physicalId, ...(replacement ? { replacement } : {}) },
      replaced: replacement ? old : undefined,
    };
  }

  /** One CloudFormation request through the Provider framework: onEvent, isComplete polls, response checks. */
  private async runLifecycle(
    state: StackState,
    logicalId: string,
    type: string,
    requestType: RequestType,
    serviceToken: string,
    properties: Record<string, unknown>,
    old: ResourceState | undefined,
  ): Promise<{ physicalId: string; data: Record<string, unknown>; noEcho: boolean }> {
    const requestId = randomUUID();
    const fail = (reason: string, cause?: unknown): LifecycleError =>
      new LifecycleError(
        state.stackName,
        logicalId,
        requestType,
        `Received response status [FAILED] from custom resource. Message returned: ${reason} (RequestId: ${requestId})`,
        { cause },
      );
    // Key order as CloudFormation sends it.
    const event: Record<string, unknown> = {
      RequestType: requestType,
      ServiceToken: serviceToken,
      ResponseURL: this.responseUrl(state, logicalId, requestId),
      StackId: state.stackId,
      RequestId: requestId,
      LogicalResourceId: logicalId,
      ...(old ? { PhysicalResourceId: old.physicalId } : {}),
      ResourceType: type,
      ResourceProperties: properties,
      ...(requestType === 'Update' && old ? { OldResourceProperties: old.properties } : {}),
    };

    const call = async (phase: Phase, payload: Record<string, unknown>, attempt?: number): Promise<unknown> => {
      const user = this.userFunction(serviceToken, phase);
      try {
        return await this.invoke(state, logicalId, requestType, phase, payload, user, attempt);
      } catch (error) {
        // The framework reports a user-function error as its errorMessage plus where its logs are.
        throw fail(`${messageOf(error)}\n\nLogs: /aws/lambda/${user.name}`, error);
      }
    };

    const onEventResult = await call('onEvent', event);
    if (onEventResult !== null && (typeof onEventResult !== 'object' || Array.isArray(onEventResult))) {
      throw fail(`onEvent must return an object or nothing, got ${JSON.stringify(onEventResult)}`);
    }
    const returned = (onEventResult ?? {}) as Record<string, unknown>;
    const physicalId = (returned.PhysicalResourceId as string | undefined) || (requestType === 'Create' ? requestId : old!.physicalId);
    if (requestType === 'Delete' && physicalId !== old!.physicalId) {
      throw fail(`DELETE: cannot change the physical resource ID from "${old!.physicalId}" to "${String(returned.PhysicalResourceId)}" during deletion`);
    }
    let response: Record<string, unknown> = { ...event, ...returned, PhysicalResourceId: physicalId };

    if (this.handler.isComplete) {
      let complete = false;
      for (let attempt = 1; attempt <= this.maxPolls && !complete; attempt++) {
        await this.onPoll?.({ stackName: state.stackName, logicalId, requestType, attempt, physicalResourceId: String(response.PhysicalResourceId) });
        const result = await call('isComplete', response, attempt);
        if (typeof result !== 'object' || result === null || Array.isArray(result)) {
          throw fail(`isComplete must return an object with IsComplete, got ${JSON.stringify(result)}`);
        }
        const polled = result as Record<string, unknown>;
        if (polled.IsComplete) {
          response = {
            ...response,
            ...polled,
            Data: { ...(response.Data as Record<string, unknown> | undefined), ...(polled.Data as Record<string, unknown> | undefined) },
          };
          complete = true;
        } else if (polled.Data && Object.keys(polled.Data as object).length > 0) {
          throw fail('"Data" is not allowed if "IsComplete" is "False"');
        }
      }
      if (!complete) throw fail('Operation timed out');
    }

    const noEcho = response.NoEcho === true;
    const body = {
      Status: 'SUCCESS',
      Reason: 'SUCCESS',
      StackId: state.stackId,
      RequestId: requestId,
      PhysicalResourceId: (response.PhysicalResourceId as string | undefined) || MISSING_PHYSICAL_ID_MARKER,
      LogicalResourceId: logicalId,
      NoEcho: noEcho ? true : undefined,
      Data: response.Data,
    };
    if (Buffer.byteLength(JSON.stringify(body)) > MAX_RESPONSE_BYTES) {
      throw new LifecycleError(state.stackName, logicalId, requestType, 'Response object is too long.');
    }
    if (body.Data !== undefined && (typeof body.Data !== 'object' || body.Data === null || Array.isArray(body.Data))) {
      throw new LifecycleError(state.stackName, logicalId, requestType, `Data must be an object, got ${JSON.stringify(body.Data)}`);
    }
    return { physicalId: body.PhysicalResourceId, data: (body.Data as Record<string, unknown> | undefined) ?? {}, noEcho };
  }

  private responseUrl(state: StackState, logicalId: string, requestId: string): string {
    const bucket = `cloudformation-custom-resource-response-${state.region.replace(/-/g, '')}`;
    const key = encodeURIComponent(`${state.stackId}|${logicalId}|${requestId}`);
    return `https://${bucket}.s3.${state.region}.${urlSuffixOf(state.region)}/${key}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=7200`;
  }

  /** Calls the handler as Lambda would: JSON in and out, its environment set, its output captured. */
  private async invoke(
    state: StackState,
    logicalId: string,
    requestType: RequestType,
    phase: Phase,
    payload: Record<string, unknown>,
    user: { name: string; environment: Record<string, string>; timeoutMs: number },
    attempt: number | undefined,
  ): Promise<unknown> {
    const request = JSON.parse(JSON.stringify(payload)) as Record<string, unknown>;
    const record: Invocation = { stackName: state.stackName, logicalId, requestType, phase, ...(attempt ? { attempt } : {}), request };
    this.invocations.push(record);
    const fn =
      phase === 'onEvent'
        ? (this.handler.onEvent.bind(this.handler) as (event: unknown, context: unknown) => unknown)
        : (this.handler.isComplete!.bind(this.handler) as (event: unknown, context: unknown) => unknown);
    const restoreEnv = applyEnv(this.handlerEnv(state.region, user));
    // What Lambda gives a handler besides the event, and what it does when the timeout comes first.
    const started = Date.now();
    const awsRequestId = randomUUID();
    const context = { functionName: user.name, awsRequestId, getRemainingTimeInMillis: () => Math.max(0, started + user.timeoutMs - Date.now()) };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${new Date().toISOString()} ${awsRequestId} Task timed out after ${(user.timeoutMs / 1000).toFixed(2)} seconds`)), user.timeoutMs);
    });
    try {
      const result = await captureOutput(
        (stream, text) => this.logs.push({ stackName: state.stackName, logicalId, requestType, phase, stream, text }),
        this.options.echoLogs === true,
        async () => Promise.race([Promise.resolve(fn(request, context)), timedOut]),
      );
      // Lambda returns JSON: undefined becomes null, Dates become strings, functions vanish.
      const response: unknown = result === undefined ? null : JSON.parse(JSON.stringify(result));
      record.response = response;
      return response;
    } catch (error) {
      record.error = messageOf(error);
      throw error;
    } finally {
      clearTimeout(timer);
      restoreEnv();
    }
  }

  private handlerEnv(region: string, user: { name: string; environment: Record<string, string> }): Record<string, string | undefined> {
    const env: Record<string, string | undefined> = {};
    for (const name of CLEARED_ENV) env[name] = undefined;
    Object.assign(env, user.environment, {
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_LAMBDA_FUNCTION_NAME: user.name,
      ...this.standIns.endpointEnv(),
    });
    const credentials = this.options.credentials ?? DEFAULT_HANDLER_CREDENTIALS;
    env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
    env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
    if (credentials.sessionToken !== undefined) env.AWS_SESSION_TOKEN = credentials.sessionToken;
    if (this.options.wickrEndpoint !== undefined) env.WICKR_ENDPOINT_URL = this.options.wickrEndpoint;
    Object.assign(env, this.options.extraEnv);
    return env;
  }

  private resolveOutputs(stackName: string, template: Template, scope: ResolveScope): { outputs: Record<string, string>; exports: Map<string, string> } {
    const outputs: Record<string, string> = {};
    const exports = new Map<string, string>();
    for (const [name, output] of Object.entries(template.Outputs ?? {})) {
      const path = `Outputs/${name}`;
      const value = this.resolveOrFail(stackName, name, () => {
        if (output.Condition !== undefined && !scope.condition(output.Condition, `${path}/Condition`)) return undefined;
        return resolveValue(output.Value, scope, `${path}/Value`);
      });
      if (value === undefined) continue;
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
        throw new LifecycleError(stackName, name, 'Validate', `${path}/Value must resolve to a string, got ${JSON.stringify(value)}`);
      }
      outputs[name] = String(value);
      if (output.Export !== undefined) {
        const exportName = this.resolveOrFail(stackName, name, () => resolveValue(output.Export!.Name, scope, `${path}/Export/Name`));
        if (typeof exportName !== 'string' || exportName === '') {
          throw new LifecycleError(stackName, name, 'Validate', `${path}/Export/Name must resolve to a string`);
        }
        const holder = this.regionExports(scope.region).get(exportName);
        if ((holder && holder.stackName !== stackName) || exports.has(exportName)) {
          throw new LifecycleError(stackName, name, 'Validate', `Export with name ${exportName} is already exported by stack ${holder?.stackName ?? stackName}`);
        }
        exports.set(exportName, outputs[name]);
      }
    }
    return { outputs, exports };
  }

  /** CloudFormation refuses to change or remove an export another stack imports. */
  private checkExportsInUse(state: StackState, next: ReadonlyMap<string, string>): void {
    for (const [name, value] of state.exports) {
      if (next.get(name) === value) continue;
      const user = this.importerOf(state, name);
      if (user) {
        throw new LifecycleError(state.stackName, name, 'Update', `Cannot update export ${name} as it is in use by ${user}`);
      }
    }
  }

  private importerOf(exporter: StackState, exportName: string): string | undefined {
    for (const stack of this.stacks.values()) {
      if (stack !== exporter && stack.region === exporter.region && stack.imports.has(exportName)) return stack.stackName;
    }
    return undefined;
  }

  // ---------------------------------------------------------------- delete

  /** The cleanup phase: replaced and removed resources, dependents first. */
  private async cleanup(
    state: StackState,
    entries: readonly ResourceState[],
    operations: Operation[],
    removedFromTemplate: (logicalId: string) => boolean,
  ): Promise<void> {
    for (const resource of reverseDependencyOrder(entries)) {
      const removed = removedFromTemplate(resource.logicalId);
      const policy = removed ? resource.deletionPolicy : resource.updateReplacePolicy;
      if (policy !== undefined && RETAIN_POLICIES.includes(policy)) {
        operations.push({ logicalId: resource.logicalId, type: resource.type, kind: resource.kind, action: 'Retain', physicalId: resource.physicalId });
      } else {
        await this.deleteResource(state, resource);
        operations.push({ logicalId: resource.logicalId, type: resource.type, kind: resource.kind, action: 'Delete', physicalId: resource.physicalId });
      }
      if (removed) state.resources.delete(resource.logicalId);
    }
  }

  private async deleteResource(state: StackState, resource: ResourceState): Promise<void> {
    if (resource.kind === 'custom') {
      await this.runLifecycle(state, resource.logicalId, resource.type, 'Delete', resource.serviceToken!, resource.properties, resource);
      return;
    }
    const simulator = this.simulators[resource.type] ?? genericSimulator;
    try {
      simulator.delete(this.simulatorContext(state, resource.logicalId, resource.type, resource.properties), {
        physicalId: resource.physicalId,
        attributes: resource.data,
      });
    } catch (error) {
      throw new LifecycleError(state.stackName, resource.logicalId, 'Delete', `${resource.type}: ${messageOf(error)}`, { cause: error });
    }
  }

  private async destroyStack(stackName: string): Promise<StackResult> {
    const state = this.requireStack(stackName);
    for (const name of state.exports.keys()) {
      const user = this.importerOf(state, name);
      if (user) throw new LifecycleError(stackName, name, 'Delete', `Export ${name} cannot be deleted as it is in use by ${user}`);
    }
    const operations: Operation[] = [];
    await this.cleanup(state, [...state.resources.values()], operations, () => true);
    for (const name of state.exports.keys()) this.regionExports(state.region).delete(name);
    this.stacks.delete(stackName);
    return { stackName, region: state.region, stackId: state.stackId, operations, outputs: {} };
  }
}

// ---------------------------------------------------------------- helpers

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** JSON with sorted keys: two property sets are "unchanged" when this is equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

/** Dependencies first; ties keep template order, so runs are deterministic. */
function topologicalOrder(ids: readonly string[], dependencies: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const order: string[] = [];
  const done = new Set<string>();
  const remaining = [...ids];
  while (remaining.length > 0) {
    const index = remaining.findIndex((id) => [...(dependencies.get(id) ?? [])].every((dep) => done.has(dep)));
    if (index < 0) throw new Error(`Circular dependency between resources: [${remaining.join(', ')}]`);
    const [id] = remaining.splice(index, 1);
    order.push(id);
    done.add(id);
  }
  return order;
}

/** Dependents before what they depend on, using each resource's recorded dependencies. */
function reverseDependencyOrder(entries: readonly ResourceState[]): ResourceState[] {
  const byId = new Map<string, ResourceState[]>();
  for (const entry of entries) byId.set(entry.logicalId, [...(byId.get(entry.logicalId) ?? []), entry]);
  const ids = [...byId.keys()];
  const present = new Set(ids);
  const deps = new Map(ids.map((id) => [id, new Set(byId.get(id)!.flatMap((e) => e.dependsOn).filter((d) => present.has(d) && d !== id))]));
  return topologicalOrder(ids, deps)
    .reverse()
    .flatMap((id) => byId.get(id)!);
}

function applyEnv(env: Readonly<Record<string, string | undefined>>): () => void {
  const saved = new Map<string, string | undefined>();
  for (const [name, value] of Object.entries(env)) {
    saved.set(name, process.env[name]);
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

function checkParameterValue(name: string, value: string, definition: Record<string, unknown>, type: string): void {
  const allowed = definition.AllowedValues;
  if (Array.isArray(allowed) && !allowed.map(String).includes(value)) {
    throw new Error(`Parameter '${name}' must be one of AllowedValues`);
  }
  if (typeof definition.AllowedPattern === 'string' && !new RegExp(`^(?:${definition.AllowedPattern})$`).test(value)) {
    throw new Error(`Parameter '${name}' must match pattern ${definition.AllowedPattern}`);
  }
  if ((type === 'Number' || type === 'List<Number>') && (value.trim() === '' || Number.isNaN(Number(value)))) {
    throw new Error(`Parameter '${name}' must be a number`);
  }
  if (definition.MinLength !== undefined && value.length < Number(definition.MinLength)) {
    throw new Error(`Parameter '${name}' must contain at least ${String(definition.MinLength)} characters`);
  }
  if (definition.MaxLength !== undefined && value.length > Number(definition.MaxLength)) {
    throw new Error(`Parameter '${name}' must contain at most ${String(definition.MaxLength)} characters`);
  }
  if (definition.MinValue !== undefined && Number(value) < Number(definition.MinValue)) {
    throw new Error(`Parameter '${name}' must be a number not less than ${String(definition.MinValue)}`);
  }
  if (definition.MaxValue !== undefined && Number(value) > Number(definition.MaxValue)) {
    throw new Error(`Parameter '${name}' must be a number not greater than ${String(definition.MaxValue)}`);
  }
}
