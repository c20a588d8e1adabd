/**
 * Toy CDK apps for the harness tests: one Provider per stack, Custom::WickrToy resources, an SSM
 * parameter, a secret and a KMS key, in the shapes the kit's stacks use.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, CfnOutput, CustomResource, Duration, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import * as cr from 'aws-cdk-lib/custom-resources';

export const ACCOUNT = '123456789012';
export const HUB_REGION = 'ap-southeast-2';
export const SPOKE_REGION = 'ap-southeast-4';
export const HUB_PARAMETER = '/toy/hub/network-id';

export interface ToyVariant {
  readonly networkName?: string;
  readonly groupName?: string;
  readonly withBot?: boolean;
  readonly leakChallenge?: boolean;
  /** Adds a resource whose handler call throws this message. */
  readonly failWith?: string;
  /** Adds a resource whose Data exceeds CloudFormation's 4 KiB response limit. */
  readonly bigData?: boolean;
  /** Adds a resource whose handler calls ListNetworks at WICKR_ENDPOINT_URL. */
  readonly wickrProbe?: boolean;
}

export interface ToyTemplates {
  readonly hub: unknown;
  readonly consumer: unknown;
  readonly spoke: unknown;
}

function provider(stack: Stack): cr.Provider {
  const fn = new lambda.Function(stack, 'ToyHandler', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({});'),
    environment: { TOY_SETTING: 'from-lambda-env' },
  });
  return new cr.Provider(stack, 'ToyProvider', {
    onEventHandler: fn,
    isCompleteHandler: fn,
    queryInterval: Duration.seconds(5),
    totalTimeout: Duration.minutes(10),
  });
}

/** Synthesizes the hub (ap-southeast-2), a same-Region consumer and a spoke in ap-southeast-4. */
export function synthToy(variant: ToyVariant = {}): ToyTemplates {
  // The templates are kept in memory; the staged assets are not needed after synth.
  const outdir = mkdtempSync(join(tmpdir(), 'wickr-toy-'));
  const app = new App({ outdir });
  const hub = new Stack(app, 'ToyHub', { env: { account: ACCOUNT, region: HUB_REGION } });
  const hubProvider = provider(hub);
  const key = new kms.Key(hub, 'ToyKey', { description: 'toy key' });
  const secret = new secretsmanager.Secret(hub, 'ChallengeSecret', { encryptionKey: key });
  const network = new CustomResource(hub, 'Network', {
    serviceToken: hubProvider.serviceToken,
    resourceType: 'Custom::WickrToy',
    properties: {
      Role: 'network',
      Name: variant.networkName ?? 'alpha',
      Count: 3,
      Enabled: true,
      Settings: { retention: { days: 30, on: false }, tags: ['a', 1, true] },
      ChallengeSecretArn: secret.secretArn,
      KeyArn: key.keyArn,
      LeakChallenge: variant.leakChallenge ?? false,
    },
  });
  const group = new CustomResource(hub, 'Group', {
    serviceToken: hubProvider.serviceToken,
    resourceType: 'Custom::WickrToy',
    properties: { Role: 'group', Name: variant.groupName ?? 'ops', NetworkId: network.getAttString('NetworkId') },
  });
  if (variant.withBot ?? true) {
    const bot = new CustomResource(hub, 'Bot', {
      serviceToken: hubProvider.serviceToken,
      resourceType: 'Custom::WickrToy',
      properties: { Role: 'bot', NetworkId: network.getAttString('NetworkId') },
    });
    bot.node.addDependency(group);
  }
  if (variant.failWith !== undefined) {
    const failing = new CustomResource(hub, 'Broken', {
      serviceToken: hubProvider.serviceToken,
      resourceType: 'Custom::WickrToy',
      properties: { Role: 'fail', Message: variant.failWith },
    });
    failing.node.addDependency(group);
  }
  if (variant.bigData) {
    new CustomResource(hub, 'Big', { serviceToken: hubProvider.serviceToken, resourceType: 'Custom::WickrToy', properties: { Role: 'big' } });
  }
  if (variant.wickrProbe) {
    new CustomResource(hub, 'WickrProbe', { serviceToken: hubProvider.serviceToken, resourceType: 'Custom::WickrToy', properties: { Role: 'wickr' } });
  }
  new ssm.StringParameter(hub, 'NetworkIdParameter', { parameterName: HUB_PARAMETER, stringValue: network.getAttString('NetworkId') });
  new CfnOutput(hub, 'NetworkIdOutput', { value: network.getAttString('NetworkId') });

  // Same account and Region: CDK turns the cross-stack reference into an Export + Fn::ImportValue.
  const consumer = new Stack(app, 'ToyConsumer', { env: { account: ACCOUNT, region: HUB_REGION } });
  new CustomResource(consumer, 'Mirror', {
    serviceToken: provider(consumer).serviceToken,
    resourceType: 'Custom::WickrToy',
    properties: { Role: 'group', Name: 'mirror', NetworkId: network.getAttString('NetworkId') },
  });

  // Another Region: exports do not cross Regions, so the spoke reads the hub's SSM parameter.
  const spoke = new Stack(app, 'ToySpoke', { env: { account: ACCOUNT, region: SPOKE_REGION } });
  new CustomResource(spoke, 'Peer', {
    serviceToken: provider(spoke).serviceToken,
    resourceType: 'Custom::WickrToy',
    properties: { Role: 'reader', SourceRegion: HUB_REGION, ParameterName: HUB_PARAMETER },
  });

  try {
    const assembly = app.synth();
    return {
      hub: assembly.getStackByName('ToyHub').template,
      consumer: assembly.getStackByName('ToyConsumer').template,
      spoke: assembly.getStackByName('ToySpoke').template,
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
