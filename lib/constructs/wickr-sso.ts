import { Arn, ArnFormat, CustomResource, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { OIDC_ATTRIBUTES, OidcProperties } from '../../lambda/shared/oidc-props';
import { WICKR_RESOURCES } from '../../lambda/shared/resource-types';
import { ConfigProblem, throwIfProblems } from '../config/errors';
import type { NetworkConfig } from '../config/config-types';
import type { IWickrNetwork } from './wickr-network';
import { WickrProvider, secretAccessStatements } from './wickr-provider';

export interface WickrSsoProps {
  readonly network: IWickrNetwork;
  /** What users type to find the network's SSO sign-in (Wickr's "company id"). */
  readonly companyId: string;
  /** The IdP's issuer URL (https). */
  readonly issuer: string;
  /** The client id the IdP issued for Wickr (the API calls it `userId`). */
  readonly clientId: string;
  /**
   * The Secrets Manager secret holding the IdP client secret. The handler reads it at deploy time;
   * the value never appears in the template, the resource's attributes or the logs. The provider's
   * role gets read on it (and decrypt through Secrets Manager on its key, when the secret names one)
   * in a managed policy of this construct.
   */
  readonly clientSecret: secretsmanager.ISecret;
  /**
   * When the secret is a JSON object, the key holding the client secret.
   * @default - the whole secret string is the client secret
   */
  readonly clientSecretJsonKey?: string;
  /**
   * OIDC scopes; must include `openid`.
   * @default ['openid', 'profile', 'email']
   */
  readonly scopes?: string[];
  /**
   * The ID-token claim usernames are taken from.
   * @default - not managed (Wickr's default, or what the network has)
   */
  readonly customUsername?: string;
  /**
   * Extra authorization-request parameters, e.g. `prompt=login`.
   * @default - not managed
   */
  readonly extraAuthParams?: string;
  /**
   * How long before a token expires Wickr refreshes it (whole minutes).
   * @default - not managed
   */
  readonly tokenBuffer?: Duration;
  /**
   * Let Wickr test the issuer (RegisterOidcConfigTest) before saving a changed configuration. A
   * failed test fails the deployment and leaves the working SSO configuration in place, instead of
   * saving a configuration that locks every user out.
   * @default true
   */
  readonly testBeforeSave?: boolean;
  /**
   * Change this text after rotating the client secret, so CloudFormation updates the resource (a
   * new secret value alone changes no property). The handler re-registers only if the secret's
   * version (or the copy Wickr holds) differs.
   * @default - none
   */
  readonly secretRotation?: string;
  /** @default - the stack's `WickrProvider` */
  readonly provider?: WickrProvider;
}

/**
 * SSO (OpenID Connect) for a Wickr network: registers the IdP with Wickr, reading the client secret
 * from Secrets Manager inside the handler. An update that changes nothing makes no write call.
 * Delete leaves SSO configured: the Wickr API has no operation to remove it.
 */
export class WickrSso extends Construct {
  /**
   * The agency's existing secret by name or ARN (as a config file names it). A name or a partial
   * ARN is granted with Secrets Manager's six-character suffix wildcard, as IAM needs.
   * @param encryptionKeyArn the secret's customer-managed KMS key, so the handler may decrypt it
   */
  public static secretFromNameOrArn(scope: Construct, id: string, nameOrArn: string, encryptionKeyArn?: string): secretsmanager.ISecret {
    const encryptionKey = encryptionKeyArn ? kms.Key.fromKeyArn(scope, `${id}Key`, encryptionKeyArn) : undefined;
    if (nameOrArn.startsWith('arn:')) {
      const complete = /-[A-Za-z0-9]{6}$/.test(Arn.split(nameOrArn, ArnFormat.COLON_RESOURCE_NAME).resourceName ?? '');
      return secretsmanager.Secret.fromSecretAttributes(scope, id, complete ? { secretCompleteArn: nameOrArn, encryptionKey } : { secretPartialArn: nameOrArn, encryptionKey });
    }
    if (!encryptionKey) return secretsmanager.Secret.fromSecretNameV2(scope, id, nameOrArn);
    const partial = Arn.format({ service: 'secretsmanager', resource: 'secret', resourceName: nameOrArn, arnFormat: ArnFormat.COLON_RESOURCE_NAME }, Stack.of(scope));
    return secretsmanager.Secret.fromSecretAttributes(scope, id, { secretPartialArn: partial, encryptionKey });
  }

  public readonly network: IWickrNetwork;
  /** The redirect URL to register at the IdP, as Wickr reports it. */
  public readonly redirectUrl: string;
  public readonly companyId: string;

  constructor(scope: Construct, id: string, props: WickrSsoProps) {
    super(scope, id);
    const scopes = props.scopes ?? ['openid', 'profile', 'email'];
    throwIfProblems(this.node.path, validateSso(props, scopes));
    this.network = props.network;
    this.companyId = props.companyId;

    const provider = props.provider ?? WickrProvider.of(this);
    provider.allowResource('oidc');
    // A managed policy of its own (not the role's inline default policy), with read on this secret only.
    const access = new iam.ManagedPolicy(this, 'HandlerSecretAccess', {
      roles: [provider.role],
      description: 'wickr-cdk-kit handlers: read the IdP client secret of Wickr SSO',
      statements: secretAccessStatements({
        secrets: [props.clientSecret],
        key: props.clientSecret.encryptionKey,
        region: Stack.of(this).region,
        sids: { secrets: 'ReadTheIdpClientSecret', key: 'DecryptItThroughSecretsManager' },
      }),
    });
    const properties: OidcProperties = {
      NetworkId: props.network.networkId,
      CompanyId: props.companyId,
      Issuer: props.issuer,
      Scopes: scopes.join(' '),
      ClientId: props.clientId,
      // The name for an imported-by-name secret, else the ARN: never the value.
      ClientSecretId: props.clientSecret.secretFullArn ?? props.clientSecret.secretName,
      TestBeforeSave: props.testBeforeSave ?? true,
      ...(props.clientSecretJsonKey !== undefined ? { ClientSecretJsonKey: props.clientSecretJsonKey } : {}),
      ...(props.customUsername !== undefined ? { CustomUsername: props.customUsername } : {}),
      ...(props.extraAuthParams !== undefined ? { ExtraAuthParams: props.extraAuthParams } : {}),
      ...(props.tokenBuffer !== undefined ? { TokenBufferMinutes: props.tokenBuffer.toMinutes() } : {}),
      ...(props.secretRotation !== undefined ? { SecretRotation: props.secretRotation } : {}),
    };
    const resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: WICKR_RESOURCES.oidc.type,
      properties,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // The handler must be allowed to read the secret before CloudFormation asks it to.
    resource.node.addDependency(access);
    this.redirectUrl = resource.getAttString(OIDC_ATTRIBUTES.redirectUrl);
  }
}

function validateSso(props: WickrSsoProps, scopes: string[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (!Token.isUnresolved(props.issuer) && !/^https:\/\/[^\s/]+/.test(props.issuer)) {
    problems.push({ path: 'issuer', message: 'must be the IdP issuer URL, over https', got: props.issuer, allowed: 'https://...' });
  }
  if (!scopes.includes('openid')) problems.push({ path: 'scopes', message: 'OpenID Connect needs the openid scope; add it', got: scopes });
  scopes.forEach((s, i) => {
    if (!/^\S+$/.test(s)) problems.push({ path: `scopes[${i}]`, message: 'a scope is one word without spaces', got: s });
  });
  if (!Token.isUnresolved(props.companyId) && props.companyId.trim() === '') problems.push({ path: 'companyId', message: 'must not be empty', got: props.companyId });
  if (!Token.isUnresolved(props.clientId) && props.clientId.trim() === '') problems.push({ path: 'clientId', message: 'must not be empty', got: props.clientId });
  if (props.tokenBuffer !== undefined && !props.tokenBuffer.isUnresolved() && props.tokenBuffer.toMilliseconds() % 60000 !== 0) {
    problems.push({ path: 'tokenBuffer', message: 'Wickr takes whole minutes', got: props.tokenBuffer.toHumanString() });
  }
  return problems;
}

/** The network's `sso` config section as a `WickrSso` (id `Sso`), or undefined when there is none. */
export function ssoFromConfig(scope: Construct, args: { config: NetworkConfig; network: IWickrNetwork; provider?: WickrProvider }): WickrSso | undefined {
  const sso = args.config.sso;
  if (!sso) return undefined;
  return new WickrSso(scope, 'Sso', {
    network: args.network,
    companyId: sso.companyId,
    issuer: sso.issuer,
    clientId: sso.clientId,
    clientSecret: WickrSso.secretFromNameOrArn(scope, 'SsoClientSecret', sso.clientSecret, sso.clientSecretKmsKeyArn),
    clientSecretJsonKey: sso.clientSecretJsonKey,
    scopes: sso.scopes,
    customUsername: sso.customUsername,
    extraAuthParams: sso.extraAuthParams,
    tokenBuffer: sso.tokenBufferMinutes !== undefined ? Duration.minutes(sso.tokenBufferMinutes) : undefined,
    testBeforeSave: sso.testBeforeSave,
    secretRotation: sso.secretRotation,
    provider: args.provider,
  });
}
