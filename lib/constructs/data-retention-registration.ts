import { CustomResource, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, IDependable } from 'constructs';
import {
  BotSecretConfig,
  DATA_RETENTION_ATTRIBUTES,
  DATA_RETENTION_BOT_ATTRIBUTES,
  DataRetentionBotProperties,
  DataRetentionProperties,
} from '../../lambda/shared/data-retention-props';
import { WICKR_RESOURCES } from '../../lambda/shared/resource-types';
import type { IWickrNetwork } from './wickr-network';
import { WickrProvider, secretAccessStatements } from './wickr-provider';

export interface DataRetentionBotRegistrationProps {
  readonly network: IWickrNetwork;
  /** The bot's secret; the handler writes the challenge and `botConfig` into it. */
  readonly secret: secretsmanager.ISecret;
  /** The key the secret is encrypted with, when it is a customer-managed key. */
  readonly secretKey?: kms.IKey;
  /** The non-secret keys of the secret (bucket, Region, folder, topic, optional client-side key). */
  readonly botConfig: BotSecretConfig;
  /** DESTROY deletes the bot (and disables retention) when the resources leave the stack. */
  readonly removalPolicy: RemovalPolicy;
  readonly provider: WickrProvider;
}

/**
 * `Custom::WickrDataRetentionBot`: the bot exists and its secret holds a challenge until the bot
 * has registered. Its `botName` feeds the bot's task (`WICKRIO_BOT_NAME`), so the task can start
 * only after the secret is ready.
 */
export class DataRetentionBotRegistration extends Construct {
  /** The bot's Wickr name as the service reports it (`compliance_<networkId>_bot`). */
  public readonly botName: string;
  public readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: DataRetentionBotRegistrationProps) {
    super(scope, id);
    const { provider } = props;
    provider.allowResource('dataRetentionBot');
    const policy = new iam.ManagedPolicy(this, 'HandlerSecretAccess', {
      roles: [provider.role],
      description: "wickr-cdk-kit handlers: write the data retention bot's challenge and settings into its secret",
      statements: secretAccessStatements({
        secrets: [props.secret],
        key: props.secretKey,
        region: Stack.of(this).region,
        write: true,
        sids: { secrets: 'ReadAndWriteTheBotSecret', key: 'BotSecretKeyThroughSecretsManager' },
      }),
    });
    const properties: DataRetentionBotProperties = {
      NetworkId: props.network.networkId,
      SecretArn: props.secret.secretArn,
      BotConfig: props.botConfig,
      RemovalPolicy: props.removalPolicy === RemovalPolicy.DESTROY ? 'destroy' : 'retain',
    };
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: WICKR_RESOURCES.dataRetentionBot.type,
      properties,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // The handler must be allowed to write the secret before CloudFormation asks it to.
    this.resource.node.addDependency(policy);
    this.botName = this.resource.getAttString(DATA_RETENTION_BOT_ATTRIBUTES.botName);
  }
}

export interface DataRetentionActivationProps {
  readonly network: IWickrNetwork;
  readonly botName: string;
  /** What starts the bot (its ECS service): the activation waits for it to be deployed. */
  readonly startedBy: IDependable;
  readonly removalPolicy: RemovalPolicy;
  readonly provider: WickrProvider;
}

/**
 * `Custom::WickrDataRetention`: after the bot's service is up, waits (isComplete) until the bot has
 * registered, then turns data retention on and acknowledges the public-key message.
 */
export class DataRetentionActivation extends Construct {
  public readonly resource: CustomResource;
  /** "true" once the service reports data retention on. */
  public readonly enabled: string;

  constructor(scope: Construct, id: string, props: DataRetentionActivationProps) {
    super(scope, id);
    props.provider.allowResource('dataRetention');
    const properties: DataRetentionProperties = {
      NetworkId: props.network.networkId,
      BotName: props.botName,
      RemovalPolicy: props.removalPolicy === RemovalPolicy.DESTROY ? 'destroy' : 'retain',
    };
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: props.provider.serviceToken,
      resourceType: WICKR_RESOURCES.dataRetention.type,
      properties,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.resource.node.addDependency(props.startedBy);
    this.enabled = this.resource.getAttString(DATA_RETENTION_ATTRIBUTES.enabled);
  }
}
