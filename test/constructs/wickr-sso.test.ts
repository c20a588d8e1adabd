import { Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { KitConfigError } from '../../lib/config/errors';
import { WickrNetwork } from '../../lib/constructs/wickr-network';
import { WickrSso, WickrSsoProps } from '../../lib/constructs/wickr-sso';
import { testApp } from '../helpers/kit';

function stack() {
  const s = new Stack(testApp(), 'Sso', { env: { account: '111122223333', region: 'ap-southeast-2' } });
  return { s, network: WickrNetwork.fromNetworkId(s, 'Net', '12345678') };
}

function ssoProps(s: Stack, extra: Partial<WickrSsoProps> = {}): Omit<WickrSsoProps, 'network'> {
  return {
    companyId: 'dea-canberra',
    issuer: 'https://login.dea.example.gov.au/oauth2/wickr',
    clientId: 'wickr-dea-canberra',
    clientSecret: WickrSso.secretFromNameOrArn(s, 'ClientSecret', 'dea/wickr/oidc-client-secret'),
    ...extra,
  };
}

function managedPolicies(s: Stack): any[] {
  return Object.values(Template.fromStack(s).findResources('AWS::IAM::ManagedPolicy')).map((r) => r.Properties);
}

describe('WickrSso construct', () => {
  test('names the secret, never its value; defaults to scopes openid profile email and a test before saving', () => {
    const { s, network } = stack();
    new WickrSso(s, 'Sso', { network, ...ssoProps(s) });
    const [props] = Object.values(Template.fromStack(s).findResources('Custom::WickrOidc')).map((r) => r.Properties);
    expect(props).toEqual({
      ServiceToken: expect.anything(),
      NetworkId: '12345678',
      CompanyId: 'dea-canberra',
      Issuer: 'https://login.dea.example.gov.au/oauth2/wickr',
      Scopes: 'openid profile email',
      ClientId: 'wickr-dea-canberra',
      ClientSecretId: 'dea/wickr/oidc-client-secret',
      TestBeforeSave: true,
    });
    // Nothing in the template holds a secret value or resolves one.
    const text = JSON.stringify(Template.fromStack(s).toJSON());
    expect(text).not.toMatch(/resolve:secretsmanager|SecretString/);
  });

  test("the handler's role may read exactly that secret, from a managed policy the resource waits for", () => {
    const { s, network } = stack();
    new WickrSso(s, 'Sso', { network, ...ssoProps(s) });
    const policy = managedPolicies(s).find((p) => /IdP client secret/.test(p.Description))!;
    expect(policy.PolicyDocument.Statement).toEqual([
      {
        Sid: 'ReadTheIdpClientSecret',
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: 'arn:aws:secretsmanager:ap-southeast-2:111122223333:secret:dea/wickr/oidc-client-secret-??????',
      },
    ]);
    const resources = Template.fromStack(s).toJSON().Resources as Record<string, any>;
    const policyId = Object.keys(resources).find((k) => resources[k].Type === 'AWS::IAM::ManagedPolicy' && /IdP/.test(resources[k].Properties.Description))!;
    const oidc = Object.values(resources).find((r) => r.Type === 'Custom::WickrOidc');
    expect(oidc.DependsOn).toContain(policyId);
    // Nothing inline on the handler role (nag's IAMNoInlinePolicy).
    const handlerRole = Object.keys(resources).find((k) => resources[k].Type === 'AWS::IAM::Role' && k.startsWith('WickrProviderHandlerRole'))!;
    expect(handlerRole).toBeDefined();
    expect(Object.values(resources).filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(handlerRole))).toEqual([]);
  });

  test('a customer-managed key is decryptable through Secrets Manager only; a complete ARN is used as is', () => {
    const { s, network } = stack();
    const arn = 'arn:aws:secretsmanager:ap-southeast-2:111122223333:secret:dea/wickr/oidc-AbCdEf';
    const key = 'arn:aws:kms:ap-southeast-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    new WickrSso(s, 'Sso', {
      network,
      ...ssoProps(s, { clientSecret: WickrSso.secretFromNameOrArn(s, 'ByArn', arn, key), clientSecretJsonKey: 'client_secret', tokenBuffer: Duration.minutes(5), customUsername: 'email', extraAuthParams: 'prompt=login', testBeforeSave: false, secretRotation: '2026-01' }),
    });
    const [props] = Object.values(Template.fromStack(s).findResources('Custom::WickrOidc')).map((r) => r.Properties);
    expect(props).toMatchObject({ ClientSecretId: arn, ClientSecretJsonKey: 'client_secret', TokenBufferMinutes: 5, CustomUsername: 'email', ExtraAuthParams: 'prompt=login', TestBeforeSave: false, SecretRotation: '2026-01' });
    const policy = managedPolicies(s).find((p) => /IdP client secret/.test(p.Description))!;
    expect(policy.PolicyDocument.Statement[0].Resource).toBe(arn);
    expect(policy.PolicyDocument.Statement[1]).toEqual({
      Sid: 'DecryptItThroughSecretsManager',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: key,
      Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.ap-southeast-2.amazonaws.com' } },
    });
  });

  test('a partial ARN is granted with the six-character suffix wildcard', () => {
    const { s, network } = stack();
    new WickrSso(s, 'Sso', { network, ...ssoProps(s, { clientSecret: WickrSso.secretFromNameOrArn(s, 'Partial', 'arn:aws:secretsmanager:ap-southeast-2:111122223333:secret:dea/wickr/oidc') }) });
    const policy = managedPolicies(s).find((p) => /IdP client secret/.test(p.Description))!;
    expect(policy.PolicyDocument.Statement[0].Resource).toBe('arn:aws:secretsmanager:ap-southeast-2:111122223333:secret:dea/wickr/oidc-??????');
  });

  test('fails when the issuer is not https, scopes lack openid or hold spaces, or the token buffer is not whole minutes', () => {
    const { s, network } = stack();
    const props = { network, ...ssoProps(s, { issuer: 'http://idp.example', scopes: ['profile', 'e mail'], tokenBuffer: Duration.seconds(90), companyId: ' ' }) };
    let message = '';
    try {
      new WickrSso(s, 'Sso', props);
    } catch (e) {
      expect(e).toBeInstanceOf(KitConfigError);
      message = (e as Error).message;
    }
    expect(message.split('\n')).toEqual([
      'Sso/Sso:issuer: must be the IdP issuer URL, over https (got "http://idp.example"; allowed https://...)',
      'Sso/Sso:scopes: OpenID Connect needs the openid scope; add it (got ["profile","e mail"])',
      'Sso/Sso:scopes[1]: a scope is one word without spaces (got "e mail")',
      'Sso/Sso:companyId: must not be empty (got " ")',
      'Sso/Sso:tokenBuffer: Wickr takes whole minutes (got "1 minute 30 seconds")',
    ]);
  });

  test('the secret helper imports by name without a key as a name-only secret', () => {
    const { s } = stack();
    const secret = WickrSso.secretFromNameOrArn(s, 'ByName', 'dea/wickr/oidc-client-secret');
    expect(secret.secretName).toBe('dea/wickr/oidc-client-secret');
    expect(secret.secretFullArn).toBeUndefined();
    expect(secret.encryptionKey).toBeUndefined();
  });
});
