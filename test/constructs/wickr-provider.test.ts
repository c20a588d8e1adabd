import { Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { HANDLER_TIMEOUT_SECONDS, handlerBudget } from '../../lambda/shared/handler-budget';
import { RegionalKeys } from '../../lib/constructs/regional-keys';
import { WickrNetwork } from '../../lib/constructs/wickr-network';
import { ASYNCHRONOUS_RESOURCES, WickrProvider } from '../../lib/constructs/wickr-provider';
import { HANDLERS } from '../../lambda/handlers/wickr-provider/registry';
import { IsmChecks } from '../../lib/nag/ism-checks';
import { testApp } from '../helpers/kit';

function stack() {
  return new Stack(testApp(), 'Provider', { env: { account: '111122223333', region: 'ap-southeast-2' } });
}

describe('WickrProvider grants', () => {
  test('secret and parameter grants go into one managed policy, never an inline policy on the handler role', () => {
    const s = stack();
    const provider = WickrProvider.of(s);
    const key = new kms.Key(s, 'Key', { enableKeyRotation: true });
    const secret = new secretsmanager.Secret(s, 'Secret', { encryptionKey: key });
    const imported = secretsmanager.Secret.fromSecretNameV2(s, 'Imported', 'dea/wickr/oidc-client-secret');
    const parameter = ssm.StringParameter.fromStringParameterName(s, 'Param', '/wickr-kit/dea/canberra/network-id');
    provider.grantSecretWrite(secret);
    provider.grantSecretRead(imported);
    provider.grantParameterRead(parameter);

    const t = Template.fromStack(s);
    // The Provider framework's own functions have inline policies (acknowledged); the handler role has none.
    const handlerRole = s.getLogicalId(provider.role.node.defaultChild as any);
    const inlineOnHandler = Object.values(t.findResources('AWS::IAM::Policy')).filter((p) => JSON.stringify(p.Properties.Roles).includes(handlerRole));
    expect(inlineOnHandler).toEqual([]);
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Description: Match.stringLikeRegexp('granted to them'),
      PolicyDocument: {
        Statement: [
          { Action: ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'], Effect: 'Allow', Resource: { Ref: Match.anyValue() } },
          {
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
            Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.ap-southeast-2.amazonaws.com' } },
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] },
          },
          // An imported-by-name secret's ARN ends in six random characters.
          { Action: 'secretsmanager:GetSecretValue', Effect: 'Allow', Resource: 'arn:aws:secretsmanager:ap-southeast-2:111122223333:secret:dea/wickr/oidc-client-secret-??????' },
          { Action: 'ssm:GetParameter', Effect: 'Allow', Resource: 'arn:aws:ssm:ap-southeast-2:111122223333:parameter/wickr-kit/dea/canberra/network-id' },
        ],
      },
    });
    // The handlers start only once the grants are in place.
    const functions = t.findResources('AWS::Lambda::Function', { Properties: { Handler: Match.stringLikeRegexp('^index\\.') } });
    expect(Object.keys(functions)).toHaveLength(2);
    for (const f of Object.values(functions)) expect(f.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/HandlerGrants/)]));
  });

  test('without grants there is no grants policy', () => {
    const s = stack();
    WickrProvider.of(s);
    const t = Template.fromStack(s);
    expect(Object.values(t.findResources('AWS::IAM::ManagedPolicy')).map((r) => r.Properties.Description)).not.toContainEqual(expect.stringMatching(/granted to them/));
  });
});

describe('WickrProvider logs key à la carte', () => {
  const logGroupKey = (s: Stack) => Object.values(Template.fromStack(s).findResources('AWS::Logs::LogGroup'))[0].Properties.KmsKeyId;

  test("a Wickr construct's provider takes the logs key of the stack's RegionalKeys", () => {
    const s = stack();
    const keys = new RegionalKeys(s, 'Keys');
    new WickrNetwork(s, 'Network', { networkName: 'dea' });
    expect(logGroupKey(s)).toEqual({ 'Fn::GetAtt': [s.getLogicalId(keys.logsKey.node.defaultChild as kms.CfnKey), 'Arn'] });
    const fn = Object.values(Template.fromStack(s).findResources('AWS::Lambda::Function', { Properties: { Handler: 'index.onEvent' } }))[0];
    expect(fn.Properties.KmsKeyArn).toEqual({ 'Fn::GetAtt': [s.getLogicalId(keys.logsKey.node.defaultChild as kms.CfnKey), 'Arn'] });
  });

  test('imported keys count too, and an explicit logsKey wins over the stack keys', () => {
    const s = stack();
    RegionalKeys.fromKeyArns(s, 'Landing', { networkKeyArn: arn('n'), retentionKeyArn: arn('r'), logsKeyArn: arn('l') });
    WickrProvider.of(s);
    expect(logGroupKey(s)).toBe(arn('l'));
    const t = stack();
    new RegionalKeys(t, 'Keys');
    WickrProvider.of(t, { logsKey: kms.Key.fromKeyArn(t, 'Mine', arn('mine')) });
    expect(logGroupKey(t)).toBe(arn('mine'));
  });

  test('fails synth when RegionalKeys comes after the first Wickr construct, naming both and the fix', () => {
    const s = stack();
    new WickrNetwork(s, 'Network', { networkName: 'dea' });
    new RegionalKeys(s, 'Keys');
    expect(() => Template.fromStack(s)).toThrow(
      'RegionalKeys Provider/Keys was created after the stack\'s WickrProvider, so the handlers\' logs are not encrypted with its logs key: ' +
        'create the RegionalKeys before the first Wickr construct of the stack (Provider/Network), or make the provider first with WickrProvider.of(stack, { logsKey: keys.logsKey })',
    );
  });

  test('fails synth when the stack has two RegionalKeys and the provider was given no key', () => {
    const s = stack();
    new RegionalKeys(s, 'A', { agencyId: 'a' });
    new RegionalKeys(s, 'B', { agencyId: 'b' });
    new WickrNetwork(s, 'Network', { networkName: 'dea' });
    expect(() => Template.fromStack(s)).toThrow('the stack has 2 RegionalKeys (Provider/A, Provider/B), so the WickrProvider cannot tell which logs key');
  });

  test('without keys: CloudWatch Logs encryption when the ISM pack is off, and a synth failure with the fix when it runs', () => {
    const s = stack();
    new WickrNetwork(s, 'Network', { networkName: 'dea' });
    expect(logGroupKey(s)).toBeUndefined();

    const app = testApp();
    const withIsm = new Stack(app, 'Agency', { env: { region: 'ap-southeast-2' } });
    new WickrNetwork(withIsm, 'Network', { networkName: 'dea' });
    Validations.of(app).addPlugins(new IsmChecks(app));
    expect(() => app.synth()).toThrow(
      "the WickrProvider's log group has no customer-managed key, which the ISM pack reports (ISM-LogGroupCMKEncryption): add new RegionalKeys(stack, 'Keys') " +
        'to the stack before the first Wickr construct of the stack (Agency/Network) (the provider then uses its logs key), or make the provider first with WickrProvider.of(stack, { logsKey: keys.logsKey })',
    );
  });
});

function arn(id: string): string {
  return `arn:aws:kms:ap-southeast-2:111122223333:key/${id}`;
}

describe('WickrProvider without isComplete (asynchronous: false)', () => {
  test('is two functions and no state machine, and refuses resource types that finish in isComplete', () => {
    const s = stack();
    const provider = WickrProvider.of(s, { logsKey: kms.Key.fromKeyArn(s, 'Logs', arn('logs')), asynchronous: false });
    provider.allowResource('federation');
    const t = Template.fromStack(s);
    expect(Object.keys(t.findResources('AWS::Lambda::Function'))).toHaveLength(2);
    expect(Object.keys(t.findResources('AWS::StepFunctions::StateMachine'))).toEqual([]);
    expect(provider.isCompleteFunction).toBeUndefined();
    expect(() => provider.allowResource('network')).toThrow(
      'Provider/WickrProvider: Custom::WickrNetwork finishes its work in isComplete, which a WickrProvider made with asynchronous: false does not run; use a provider without asynchronous: false (the default) in this stack',
    );
  });

  test('ASYNCHRONOUS_RESOURCES lists exactly the handlers that have isComplete', () => {
    const withIsComplete = Object.entries(HANDLERS).filter(([, h]) => typeof (h as { isComplete?: unknown }).isComplete === 'function').map(([k]) => k);
    expect([...ASYNCHRONOUS_RESOURCES].sort()).toEqual(withIsComplete.sort());
  });
});

describe('WickrProvider time budget', () => {
  test('both handler functions get the timeout the handlers budget their retries against', () => {
    const s = stack();
    const provider = WickrProvider.of(s);
    const t = Template.fromStack(s);
    for (const fn of [provider.onEventFunction, provider.isCompleteFunction!]) {
      t.hasResourceProperties('AWS::Lambda::Function', { Handler: (fn.node.defaultChild as unknown as { handler: string }).handler, Timeout: HANDLER_TIMEOUT_SECONDS });
    }
    // What the handlers spend stays inside it, with a margin to report a failure.
    const budget = handlerBudget(0, HANDLER_TIMEOUT_SECONDS * 1000);
    expect(budget.deadline).toBeLessThan(HANDLER_TIMEOUT_SECONDS * 1000);
    expect(budget.marginMs).toBeGreaterThanOrEqual(10_000);
  });
});
