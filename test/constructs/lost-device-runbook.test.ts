import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { parseConfig } from '../../lib/config/loader';
import { KitConfigError } from '../../lib/config/errors';
import { LostDeviceRunbook, LostDeviceRunbookProps } from '../../lib/constructs/lost-device-runbook';
import { WickrNetwork } from '../../lib/constructs/wickr-network';
import { addKitNagPacks } from '../../lib/nag/kit-nag';
import { NagMode } from '../../lib/nag/nag-mode';
import { WickrRegionStack } from '../../lib/stacks/wickr-region-stack';
import { testApp, testAppProps, validationReport } from '../helpers/kit';

const APPROVER = 'arn:aws:iam::111122223333:role/WickrSecurityOfficer';

function make(props: Partial<LostDeviceRunbookProps> = {}, withNetworks = true, app: App = testApp()) {
  const stack = new Stack(app, 'Runbook', { env: { region: 'ap-southeast-2', account: '111122223333' } });
  const logsKey = new kms.Key(stack, 'LogsKey', { enableKeyRotation: true });
  const networks = withNetworks ? [WickrNetwork.fromNetworkId(stack, 'Hq', '12345678'), WickrNetwork.fromNetworkId(stack, 'Post', '23456789')] : undefined;
  const runbook = new LostDeviceRunbook(stack, 'LostDevice', { logsKey, networks, ...props });
  return { stack, runbook, logsKey, template: () => Template.fromStack(stack) };
}

function documentContent(template: Template): any {
  const docs = Object.values(template.findResources('AWS::SSM::Document'));
  expect(docs).toHaveLength(1);
  return docs[0].Properties.Content;
}

function functionPolicyStatements(stack: Stack, runbook: LostDeviceRunbook): any[] {
  const policies = Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy');
  const roleRef = stack.resolve(runbook.functionRole.roleName);
  const mine = Object.values(policies).filter((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([roleRef]));
  expect(mine).toHaveLength(1);
  return mine[0].Properties.PolicyDocument.Statement;
}

describe('LostDeviceRunbook', () => {
  test('contains only (default): one step invoking the function with the execution id, parameters validated', () => {
    const { template, stack, runbook } = make();
    const content = documentContent(template());
    expect(content.schemaVersion).toBe('0.3');
    expect(content.assumeRole).toEqual(stack.resolve(runbook.automationRole.roleArn));
    expect(content.parameters.NetworkId).toMatchObject({ type: 'String', allowedValues: ['12345678', '23456789'] });
    expect(content.parameters.Usernames).toMatchObject({ type: 'StringList', minItems: 1, maxItems: 50 });
    expect(content.parameters.Reason.allowedPattern).toBe('^[^\\r\\n]{3,500}$');
    expect(content.parameters.DeleteUsers).toBeUndefined();
    expect(content.mainSteps).toEqual([
      expect.objectContaining({
        name: 'SuspendAndResetDevices',
        action: 'aws:invokeLambdaFunction',
        maxAttempts: 1,
        isEnd: true,
        inputs: { FunctionName: stack.resolve(runbook.function.functionArn), InputPayload: { action: 'contain', executionId: '{{automation:EXECUTION_ID}}' } },
      }),
    ]);
    template().hasResourceProperties('AWS::SSM::Document', { Name: 'WickrKit-LostDevice', DocumentType: 'Automation', UpdateMethod: 'NewVersion' });
  });

  test('the function may call exactly the containment actions, on exactly the given networks', () => {
    const { stack, runbook } = make();
    const statements = functionPolicyStatements(stack, runbook);
    const wickr = statements.find((s) => s.Sid === 'WickrLostDeviceResponse');
    expect(wickr.Action).toEqual(['wickr:BatchResetDevicesForUser', 'wickr:BatchToggleUserSuspendStatus', 'wickr:GetUser', 'wickr:ListDevicesForUser', 'wickr:ListUsers']);
    expect(JSON.stringify(wickr.Resource)).toContain('network/12345678');
    expect(JSON.stringify(wickr.Resource)).toContain('network/23456789');
    expect(JSON.stringify(wickr.Resource)).not.toContain('network/*');
    expect(statements.find((s) => s.Sid === 'ReadTheExecutionItActsFor').Action).toBe('ssm:GetAutomationExecution');
    expect(statements.flatMap((s) => [s.Action].flat()).filter((a: string) => a.startsWith('wickr:'))).not.toContain('wickr:BatchDeleteUser');
  });

  test('without networks the Wickr grant covers this account and Region (network/*) and any 8-digit id', () => {
    const { stack, runbook, template } = make({}, false);
    const wickr = functionPolicyStatements(stack, runbook).find((s) => s.Sid === 'WickrLostDeviceResponse');
    expect(JSON.stringify(stack.resolve(wickr.Resource))).toMatch(/:wickr:ap-southeast-2:111122223333:network\/\*/);
    expect(documentContent(template()).parameters.NetworkId).toMatchObject({ allowedPattern: '^[0-9]{8}$' });
  });

  test('Systems Manager can only invoke the function; the function logs to its own encrypted, retained log group', () => {
    const { template, stack, runbook, logsKey } = make({ logRetention: logs.RetentionDays.TEN_YEARS });
    const t = template();
    const roleId = stack.getLogicalId(runbook.automationRole.node.defaultChild as iam.CfnRole);
    expect(t.toJSON().Resources[roleId].Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'ssm.amazonaws.com' },
        Condition: {
          StringEquals: { 'aws:SourceAccount': '111122223333' },
          ArnLike: { 'aws:SourceArn': 'arn:aws:ssm:ap-southeast-2:111122223333:automation-execution/*' },
        },
      },
    ]);
    const automationPolicy = Object.values(t.findResources('AWS::IAM::ManagedPolicy')).find(
      (p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([stack.resolve(runbook.automationRole.roleName)]),
    )!;
    expect(automationPolicy.Properties.PolicyDocument.Statement).toEqual([
      { Sid: 'InvokeRunbookFunction', Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: stack.resolve(runbook.function.functionArn) },
    ]);
    const group = Object.values(t.findResources('AWS::Logs::LogGroup'))[0];
    expect(group.Properties).toMatchObject({ KmsKeyId: stack.resolve(logsKey.keyArn), RetentionInDays: 3653 });
    expect(group.DeletionPolicy).toBe('Retain');
    t.hasResourceProperties('AWS::Lambda::Function', {
      KmsKeyArn: stack.resolve(logsKey.keyArn),
      ReservedConcurrentExecutions: 2,
      Timeout: 300,
      Environment: { Variables: Match.objectLike({ RUNBOOK_DOCUMENT_NAME: 'WickrKit-LostDevice', RUNBOOK_NETWORK_IDS: '12345678,23456789', RUNBOOK_ALLOW_DELETE: 'false' }) },
    });
  });

  test('with allowDelete: a branch on DeleteUsers, an approval step naming the approvers, then the delete step', () => {
    const { template, stack, runbook } = make({ allowDelete: true, approvers: [APPROVER, 'arn:aws:iam::111122223333:group/WickrApprovers'], minimumApprovals: 2, approvalTimeout: Duration.hours(4) });
    const content = documentContent(template());
    expect(content.parameters.DeleteUsers).toMatchObject({ type: 'Boolean', default: false });
    expect(content.mainSteps.map((s: any) => [s.name, s.action])).toEqual([
      ['SuspendAndResetDevices', 'aws:invokeLambdaFunction'],
      ['DeleteRequested', 'aws:branch'],
      ['ApproveDeletion', 'aws:approve'],
      ['DeleteUsers', 'aws:invokeLambdaFunction'],
      ['Finish', 'aws:sleep'],
    ]);
    const [, branch, approve, del, finish] = content.mainSteps;
    expect(branch.inputs).toEqual({ Choices: [{ NextStep: 'ApproveDeletion', Variable: '{{DeleteUsers}}', BooleanEquals: true }], Default: 'Finish' });
    expect(approve).toMatchObject({ timeoutSeconds: 14400, onFailure: 'Abort', nextStep: 'DeleteUsers', inputs: { Approvers: [APPROVER, 'arn:aws:iam::111122223333:group/WickrApprovers'], MinRequiredApprovals: 2 } });
    expect(del).toMatchObject({ isEnd: true, inputs: { InputPayload: { action: 'delete', executionId: '{{automation:EXECUTION_ID}}' } } });
    expect(finish.isEnd).toBe(true);
    const wickr = functionPolicyStatements(stack, runbook).find((s) => s.Sid === 'WickrLostDeviceResponse');
    expect(wickr.Action).toContain('wickr:BatchDeleteUser');
  });

  test('with allowDelete and no approval required, DeleteUsers goes straight to the delete step', () => {
    const { template } = make({ allowDelete: true, approvalRequiredForDelete: false });
    const content = documentContent(template());
    expect(content.mainSteps.map((s: any) => s.action)).not.toContain('aws:approve');
    expect(content.mainSteps[1].inputs.Choices[0].NextStep).toBe('DeleteUsers');
  });

  test('grantStart lets a role start this document and pass the automation role to Systems Manager only', () => {
    const { stack, runbook } = make();
    const operators = new iam.Role(stack, 'Operators', { assumedBy: new iam.AccountRootPrincipal() });
    runbook.grantStart(operators);
    runbook.grantApprove(operators);
    const policy = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))[0];
    const statements = stack.resolve(policy.Properties.PolicyDocument.Statement);
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Action: 'ssm:StartAutomationExecution', Resource: 'arn:aws:ssm:ap-southeast-2:111122223333:automation-definition/WickrKit-LostDevice:*' }),
        expect.objectContaining({
          Action: 'iam:PassRole',
          Resource: stack.resolve(runbook.automationRole.roleArn),
          Condition: { StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' } },
        }),
        expect.objectContaining({ Action: 'ssm:SendAutomationSignal', Resource: 'arn:aws:ssm:ap-southeast-2:111122223333:automation-execution/*' }),
      ]),
    );
  });

  test.each([
    [{ allowDelete: true }, /approvers: an approval step needs 1 to 10 approvers/],
    [{ allowDelete: true, approvers: [APPROVER], minimumApprovals: 2 }, /minimumApprovals: must be between 1 and the number of approvers \(got 2; allowed 1\.\.1\)/],
    [{ allowDelete: true, approvers: ['WickrSecurityOfficer'] }, /approvers\[0\]: must be the ARN of an IAM user, role or group \(got "WickrSecurityOfficer"\)/],
    [{ allowDelete: true, approvers: [APPROVER], approvalTimeout: Duration.days(31) }, /approvalTimeout: an approval waits 1 hour to 30 days/],
    [{ documentName: 'no spaces allowed' }, /documentName: Systems Manager document names are 3 to 128/],
  ])('rejects %j with a clear message', (props, message) => {
    expect(() => make(props as Partial<LostDeviceRunbookProps>)).toThrow(message);
  });

  test.each([
    ['networks known, delete after approval', { allowDelete: true, approvers: [APPROVER] }, true],
    ['networks unknown, containment only', {}, false],
  ])('has zero unacknowledged nag findings in strict mode (%s)', (_name, props, withNetworks) => {
    const appProps = testAppProps();
    const app = new App(appProps);
    make(props, withNetworks, app);
    addKitNagPacks(app, { mode: NagMode.STRICT });
    app.synth();
    const report = validationReport(appProps.outdir!);
    const open = report.pluginReports.flatMap((r) => r.violations.map((v) => `${r.pluginName} ${v.ruleName} ${v.violatingConstructs.map((c) => c.constructPath).join(',')}`));
    expect(open).toEqual([]);
  });
});

describe('the lost-device runbook in the kit stacks (runbooks.lostDevice)', () => {
  const config = (runbooks: string) => `version: 1
agencies:
  - id: dea
    name: Example agency
    recordsOwner: Records Unit
    homeRegion: ap-southeast-2
    allowedRegions: [ap-southeast-2, eu-west-2]
    networks:
      - { id: canberra, name: dea-canberra, region: ap-southeast-2 }
${runbooks}`;

  test('is off by default', () => {
    const agency = parseConfig(config(''), 'test.yaml').agencies[0];
    expect(agency.runbooks.lostDevice).toEqual({ enabled: false, allowDelete: false, approvalRequiredForDelete: true, approvers: [], minimumApprovals: 1, approvalTimeoutHours: 24 });
    const stack = new WickrRegionStack(testApp(), 'S', { agency, region: 'ap-southeast-2' });
    expect(stack.lostDeviceRunbook).toBeUndefined();
  });

  test('when enabled, each Region with networks gets one, scoped to its networks and named after the agency', () => {
    const agency = parseConfig(
      config(`    logRetentionDays: 3653
    runbooks:
      lostDevice: { enabled: true, allowDelete: true, approvers: ["${APPROVER}"] }
`),
      'test.yaml',
    ).agencies[0];
    const app = testApp();
    const sydney = new WickrRegionStack(app, 'Sydney', { agency, region: 'ap-southeast-2' });
    const london = new WickrRegionStack(app, 'London', { agency, region: 'eu-west-2' });
    expect(london.lostDeviceRunbook).toBeUndefined();
    const runbook = sydney.lostDeviceRunbook!;
    expect(runbook.documentName).toBe('WickrKit-dea-LostDevice');
    expect(sydney.resolve((runbook.logGroup.node.defaultChild as logs.CfnLogGroup).logGroupName)).toBe('/wickr-kit/dea/lost-device-runbook');
    const wickr = functionPolicyStatements(sydney, runbook).find((s) => s.Sid === 'WickrLostDeviceResponse');
    // Scoped to the network custom resource's ARN attribute, not to network/*.
    expect(JSON.stringify(wickr.Resource)).toMatch(/Fn::GetAtt/);
    expect(JSON.stringify(wickr.Resource)).not.toContain('network/*');
    expect(sydney.resolve((runbook.logGroup.node.defaultChild as logs.CfnLogGroup).retentionInDays)).toBe(3653);
    expect(sydney.resolve((runbook.logGroup.node.defaultChild as logs.CfnLogGroup).kmsKeyId)).toEqual(sydney.resolve(sydney.keys.logsKey.keyArn));
  });

  test.each([
    ['allowDelete without approvers', 'lostDevice: { enabled: true, allowDelete: true }', /runbooks\.lostDevice\.approvers: allowDelete with approvalRequiredForDelete needs at least one approver/],
    ['more approvals than approvers', `lostDevice: { enabled: true, allowDelete: true, approvers: ["${APPROVER}"], minimumApprovals: 2 }`, /runbooks\.lostDevice\.minimumApprovals: more approvals are required than there are approvers/],
    ['an approver that is not an IAM ARN', 'lostDevice: { enabled: true, allowDelete: true, approvers: ["bob"] }', /runbooks\.lostDevice\.approvers\[0\]: must be the ARN of an IAM user, role or group/],
    ['an unknown field', 'lostDevice: { enabled: true, approver: "x" }', /runbooks\.lostDevice\.approver: unknown field/],
  ])('the config rejects %s', (_what, runbook, message) => {
    let error: unknown;
    try {
      parseConfig(config(`    runbooks:\n      ${runbook}\n`), 'test.yaml');
    } catch (e) {
      error = e;
    }
    expect(KitConfigError.isKitConfigError(error)).toBe(true);
    expect((error as KitConfigError).lines.join('\n')).toMatch(message);
  });

  test('the config rejects a runbook for an agency without networks', () => {
    const text = `version: 1
agencies:
  - id: dea
    name: Example agency
    recordsOwner: Records Unit
    homeRegion: ap-southeast-2
    allowedRegions: [ap-southeast-2]
    runbooks: { lostDevice: { enabled: true } }
`;
    expect(() => parseConfig(text, 'test.yaml')).toThrow(/agencies\[0\]\.runbooks\.lostDevice\.enabled: the lost-device runbook acts on Wickr networks, and this agency declares none/);
  });
});
