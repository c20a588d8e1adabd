import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { HANDLER_TIMEOUT_SECONDS, handlerBudget } from '../../lambda/shared/handler-budget';
import { WickrProvider } from '../../lib/constructs/wickr-provider';
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

describe('WickrProvider time budget', () => {
  test('both handler functions get the timeout the handlers budget their retries against', () => {
    const s = stack();
    const provider = WickrProvider.of(s);
    const t = Template.fromStack(s);
    for (const fn of [provider.onEventFunction, provider.isCompleteFunction]) {
      t.hasResourceProperties('AWS::Lambda::Function', { Handler: (fn.node.defaultChild as unknown as { handler: string }).handler, Timeout: HANDLER_TIMEOUT_SECONDS });
    }
    // What the handlers spend stays inside it, with a margin to report a failure.
    const budget = handlerBudget(0, HANDLER_TIMEOUT_SECONDS * 1000);
    expect(budget.deadline).toBeLessThan(HANDLER_TIMEOUT_SECONDS * 1000);
    expect(budget.marginMs).toBeGreaterThanOrEqual(10_000);
  });
});
