/**
 * Template features and CloudFormation rules the harness mirrors, on hand-written templates.
 */
import { LifecycleHarness, type ProviderHandler, type ProviderOnEventRequest } from './harness';

const REGION = 'ap-southeast-2';
const TOKEN = { 'Fn::GetAtt': ['Fn', 'Arn'] };

function template(resources: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...extra, Resources: { Fn: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'fn' } }, ...resources } };
}
function cr(properties: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { Type: 'Custom::WickrThing', Properties: { ServiceToken: TOKEN, ...properties }, ...extra };
}

/** Echoes properties back; `Mode` picks a misbehaviour. */
function recordingHandler(): ProviderHandler & { events: ProviderOnEventRequest[]; env: Array<Record<string, string | undefined>> } {
  const events: ProviderOnEventRequest[] = [];
  const env: Array<Record<string, string | undefined>> = [];
  return {
    events,
    env,
    async onEvent(event) {
      events.push(event);
      env.push({ SETTING: process.env.SETTING, AWS_LAMBDA_FUNCTION_NAME: process.env.AWS_LAMBDA_FUNCTION_NAME });
      const props = event.ResourceProperties;
      if (props.Mode === 'change-on-delete' && event.RequestType === 'Delete') return { PhysicalResourceId: 'other' };
      if (props.Mode === 'no-echo') return { PhysicalResourceId: 'quiet', NoEcho: true, Data: { Secret: props.Secret } };
      return { PhysicalResourceId: props.Id, Data: { Echo: props.Echo ?? 'e' } };
    },
  };
}

let handler: ReturnType<typeof recordingHandler>;
let harness: LifecycleHarness;
beforeEach(() => {
  handler = recordingHandler();
  harness = new LifecycleHarness({ handler });
});
afterEach(async () => {
  await harness.close();
});

const stack = (t: unknown, parameters?: Record<string, string>, stackName = 'P') => ({ stackName, region: REGION, template: t, parameters });

describe('parameters, conditions and Fn::If', () => {
  const withParameters = template(
    {
      Thing: cr({
        Id: 'thing',
        Env: { Ref: 'Env' },
        Zones: { Ref: 'Zones' },
        Size: { Ref: 'Size' },
        ProdOnly: { 'Fn::If': ['IsProd', 'yes', { Ref: 'AWS::NoValue' }] },
        Name: { 'Fn::Sub': '${AWS::StackName}-${Env}' },
      }),
      ProdThing: cr({ Id: 'prod-thing' }, { Condition: 'IsProd' }),
    },
    {
      Parameters: {
        Env: { Type: 'String', Default: 'dev', AllowedValues: ['dev', 'prod'] },
        Zones: { Type: 'CommaDelimitedList', Default: 'a,b' },
        Size: { Type: 'Number', Default: 2 },
      },
      Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
    },
  );

  it('resolves defaults and given values, creates conditional resources only when their condition holds', async () => {
    await harness.deploy([stack(withParameters)]);
    expect(handler.events.map((e) => `${e.RequestType} ${e.LogicalResourceId}`)).toEqual(['Create Thing']);
    expect(handler.events[0].ResourceProperties).toEqual({
      ServiceToken: 'arn:aws:lambda:ap-southeast-2:123456789012:function:fn',
      Id: 'thing',
      Env: 'dev',
      Zones: ['a', 'b'],
      Size: '2',
      Name: 'P-dev',
    });

    await harness.deploy([stack(withParameters, { Env: 'prod' })]);
    expect(handler.events.slice(1).map((e) => `${e.RequestType} ${e.LogicalResourceId}`)).toEqual(['Update Thing', 'Create ProdThing']);
    expect(handler.events[1].ResourceProperties).toMatchObject({ Env: 'prod', ProdOnly: 'yes', Name: 'P-prod' });

    await harness.deploy([stack(withParameters, { Env: 'dev' })]);
    expect(handler.events.slice(3).map((e) => `${e.RequestType} ${e.LogicalResourceId}`)).toEqual(['Update Thing', 'Delete ProdThing']);
  });

  it('rejects a value outside AllowedValues, an unknown parameter and a missing value', async () => {
    await expect(harness.deploy([stack(withParameters, { Env: 'test' })])).rejects.toThrow("Stack P: P Validate failed: Parameter 'Env' must be one of AllowedValues");
    await expect(harness.deploy([stack(withParameters, { Nope: 'x' })])).rejects.toThrow('Parameters: [Nope] do not exist in the template');
    const noDefault = template({ Thing: cr({ V: { Ref: 'Needed' } }) }, { Parameters: { Needed: { Type: 'String' } } });
    await expect(harness.deploy([stack(noDefault)])).rejects.toThrow('Parameters: [Needed] must have values');
    expect(handler.events).toEqual([]);
  });
});

describe('SSM parameter types and the CDK bootstrap rule', () => {
  const cdkStyle = template(
    { Thing: cr({ Id: 'thing', NetworkId: { Ref: 'NetworkIdParam' } }) },
    {
      Parameters: {
        NetworkIdParam: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/kit/network-id' },
        BootstrapVersion: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cdk-bootstrap/hnb659fds/version' },
      },
      Rules: {
        CheckBootstrapVersion: {
          Assertions: [
            {
              Assert: { 'Fn::Not': [{ 'Fn::Contains': [['1', '2', '3', '4', '5'], { Ref: 'BootstrapVersion' }] }] },
              AssertDescription: 'CDK bootstrap stack version 6 required.',
            },
          ],
        },
      },
    },
  );

  it('reads the parameter from the SSM stand-in in the stack Region at deploy time', async () => {
    const standIns = await harness.start();
    standIns.ssm.putParameter(REGION, { name: '/kit/network-id', value: '12345678' });
    await harness.deploy([stack(cdkStyle)]);
    expect(handler.events[0].ResourceProperties.NetworkId).toBe('12345678');
    await expect(harness.deploy([{ stackName: 'Q', region: 'eu-west-2', template: cdkStyle }])).rejects.toThrow(
      'Unable to fetch parameters [/kit/network-id] from parameter store for this account.',
    );
  });

  it('fails the CheckBootstrapVersion rule when the environment is bootstrapped with an old version', async () => {
    const old = new LifecycleHarness({ handler, bootstrapVersion: '4' });
    try {
      const standIns = await old.start();
      standIns.ssm.putParameter(REGION, { name: '/kit/network-id', value: '12345678' });
      await expect(old.deploy([stack(cdkStyle)])).rejects.toThrow('Template error: rule CheckBootstrapVersion failed: CDK bootstrap stack version 6 required.');
      expect(handler.events).toEqual([]);
    } finally {
      await old.close();
    }
  });
});

describe('dynamic references', () => {
  it('resolves ssm and secretsmanager references when the resource is created or updated, not when only the value changed', async () => {
    const standIns = await harness.start();
    standIns.ssm.putParameter(REGION, { name: '/kit/v', value: 'one' });
    const secret = standIns.secretsManager.createSecret(REGION, { name: 'kit/s', secretString: JSON.stringify({ password: 'p4ss' }) });
    const t = template({
      Thing: cr({
        Id: 't',
        V: 'value={{resolve:ssm:/kit/v}}',
        P: '{{resolve:secretsmanager:kit/s:SecretString:password}}',
        Whole: `{{resolve:secretsmanager:${secret.arn}:SecretString:::}}`,
      }),
    });
    await harness.deploy([stack(t)]);
    expect(handler.events[0].ResourceProperties).toMatchObject({ V: 'value=one', P: 'p4ss', Whole: '{"password":"p4ss"}' });

    standIns.ssm.putParameter(REGION, { name: '/kit/v', value: 'two', overwrite: true });
    await harness.deploy([stack(t)]);
    expect(handler.events).toHaveLength(1);
    await harness.deploy([stack(t)], { forceUpdate: true });
    expect(handler.events[1].ResourceProperties.V).toBe('value=two');
  });

  it('rejects a dynamic reference service the harness does not model', async () => {
    await expect(harness.deploy([stack(template({ Thing: cr({ V: '{{resolve:ssm-secure:/kit/v}}' }) }))])).rejects.toThrow(
      'Stack P: Thing Validate failed: Resources/Thing/Properties/V: dynamic reference service ssm-secure is not supported by the lifecycle harness',
    );
  });
});

describe('which resources the handler drives', () => {
  it('drives Custom:: resources whose ServiceToken is a Provider framework function, with that provider user function environment', async () => {
    const t = template({
      User: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'user-fn', Environment: { Variables: { SETTING: 'x' } } } },
      Framework: {
        Type: 'AWS::Lambda::Function',
        Properties: { FunctionName: 'framework-fn', Environment: { Variables: { USER_ON_EVENT_FUNCTION_ARN: { 'Fn::GetAtt': ['User', 'Arn'] } } } },
      },
      Other: { Type: 'Custom::Other', Properties: { ServiceToken: { 'Fn::GetAtt': ['Framework', 'Arn'] }, Id: 'other' } },
      Plain: { Type: 'AWS::CloudFormation::CustomResource', Properties: { ServiceToken: { 'Fn::GetAtt': ['Framework', 'Arn'] }, Id: 'plain' } },
      Elsewhere: { Type: 'Custom::Elsewhere', Properties: { ServiceToken: 'arn:aws:sns:ap-southeast-2:123456789012:topic' } },
    });
    await harness.deploy([stack(t)]);
    expect(handler.events.map((e) => e.LogicalResourceId)).toEqual(['Other', 'Plain']);
    expect(handler.env).toEqual([
      { SETTING: 'x', AWS_LAMBDA_FUNCTION_NAME: 'user-fn' },
      { SETTING: 'x', AWS_LAMBDA_FUNCTION_NAME: 'user-fn' },
    ]);
    expect(harness.resources.P.Elsewhere.kind).toBe('simulated');

    const reading = { ...t, Resources: { ...(t.Resources as object), Reader: cr({ V: { 'Fn::GetAtt': ['Elsewhere', 'Value'] } }) } };
    await expect(harness.deploy([stack(reading)])).rejects.toThrow(
      'Stack P: Reader Validate failed: Resources/Reader/Properties/V/Fn::GetAtt: Elsewhere (Custom::Elsewhere) has no attribute Value in the harness; it knows [Arn]',
    );
  });
});

describe('CloudFormation and Provider framework rules', () => {
  it('rejects a change of ServiceToken: Modifying service token is not allowed.', async () => {
    const second = { Fn2: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'fn2' } } };
    await harness.deploy([stack(template({ ...second, Thing: cr({ Id: 't' }) }))]);
    const moved = template({ ...second, Thing: { Type: 'Custom::WickrThing', Properties: { ServiceToken: { 'Fn::GetAtt': ['Fn2', 'Arn'] }, Id: 't' } } });
    await expect(harness.deploy([stack(moved)])).rejects.toThrow('Stack P: Thing Update failed: Modifying service token is not allowed.');
  });

  it('rejects a Delete that returns another physical id, as the framework does', async () => {
    await harness.deploy([stack(template({ Thing: cr({ Id: 'p1', Mode: 'change-on-delete' }) }))]);
    await expect(harness.destroy()).rejects.toThrow(
      'Stack P: Thing Delete failed: Received response status [FAILED] from custom resource. Message returned: DELETE: cannot change the physical resource ID from "p1" to "other" during deletion',
    );
  });

  it('rejects isComplete returning Data while not complete', async () => {
    const eager = new LifecycleHarness({
      handler: { onEvent: async () => ({ PhysicalResourceId: 'x' }), isComplete: async () => ({ IsComplete: false, Data: { Early: 'no' } }) },
    });
    try {
      await expect(eager.deploy([stack(template({ Thing: cr({}) }))])).rejects.toThrow('"Data" is not allowed if "IsComplete" is "False"');
    } finally {
      await eager.close();
    }
  });

  it('rejects circular dependencies, unknown DependsOn targets, resource type changes and transforms before invoking anything', async () => {
    const circular = template({ A: cr({ V: { Ref: 'B' } }), B: cr({ V: { 'Fn::GetAtt': ['A', 'Echo'] } }) });
    await expect(harness.deploy([stack(circular)])).rejects.toThrow('Circular dependency between resources: [A, B]');
    const dangling = template({ A: cr({}, { DependsOn: ['Ghost'] }) });
    await expect(harness.deploy([stack(dangling)])).rejects.toThrow('Unresolved resource dependencies [Ghost] in the Resources block of the template');
    const onAbsent = template({ A: cr({}, { DependsOn: 'Off' }), Off: cr({}, { Condition: 'Never' }) }, { Conditions: { Never: { 'Fn::Equals': ['a', 'b'] } } });
    await expect(harness.deploy([stack(onAbsent)])).rejects.toThrow('Unresolved resource dependencies [Off]');
    await expect(harness.deploy([stack({ ...template({ A: cr({}) }), Transform: 'AWS::Serverless-2016-10-31' })])).rejects.toThrow(
      'Transform is not supported by the lifecycle harness',
    );
    expect(handler.events).toEqual([]);

    await harness.deploy([stack(template({ A: cr({ Id: 'a' }) }))]);
    await expect(harness.deploy([stack(template({ A: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: 'v' } } }))])).rejects.toThrow(
      'Update of resource type is not permitted. The new template modifies resource type of the following resources: [A]',
    );
    expect(handler.events).toHaveLength(1);
  });

  it('keeps a replaced resource under UpdateReplacePolicy Retain and a removed one under DeletionPolicy Retain', async () => {
    const policies = { UpdateReplacePolicy: 'Retain', DeletionPolicy: 'Retain' };
    await harness.deploy([stack(template({ Thing: cr({ Id: 'p1' }, policies) }))]);
    const [replaced] = await harness.deploy([stack(template({ Thing: cr({ Id: 'p2' }, policies) }))]);
    expect(replaced.operations.map((op) => `${op.action} ${op.physicalId}`)).toEqual(['Update p2', 'Retain p1']);
    const [removed] = await harness.deploy([stack(template({}))]);
    expect(removed.operations.map((op) => `${op.action} ${op.logicalId}`)).toEqual(['Retain Thing']);
    expect(handler.events.map((e) => e.RequestType)).toEqual(['Create', 'Update']);
  });

  it('refuses to change an export that another stack imports', async () => {
    const exporter = (echo: string): Record<string, unknown> =>
      template({ Thing: cr({ Id: 't', Echo: echo }) }, { Outputs: { Out: { Value: { 'Fn::GetAtt': ['Thing', 'Echo'] }, Export: { Name: 'Shared' } } } });
    const importer = template({ User: cr({ Id: 'u', V: { 'Fn::ImportValue': 'Shared' } }) });
    await harness.deploy([stack(exporter('one'), undefined, 'A'), stack(importer, undefined, 'B')]);
    expect(harness.resources.B.User.properties.V).toBe('one');
    await expect(harness.deploy([stack(exporter('two'), undefined, 'A')])).rejects.toThrow('Cannot update export Shared as it is in use by B');
  });

  it('records NoEcho and still passes the real value to dependents', async () => {
    await harness.deploy([
      stack(template({ Quiet: cr({ Mode: 'no-echo', Secret: 'shh' }), Reader: cr({ Id: 'r', V: { 'Fn::GetAtt': ['Quiet', 'Secret'] } }) })),
    ]);
    expect(harness.resources.P.Quiet.noEcho).toBe(true);
    expect(harness.resources.P.Reader.properties.V).toBe('shh');
  });

  it('fails loudly on Fn::GetAtt of a Data key the handler did not return', async () => {
    const t = template({ Thing: cr({ Id: 't' }), Reader: cr({ V: { 'Fn::GetAtt': ['Thing', 'Missing'] } }) });
    await expect(harness.deploy([stack(t)])).rejects.toThrow("CustomResource attribute error: Vendor response doesn't contain Missing key in the Data of Thing");
  });
});
