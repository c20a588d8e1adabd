import { CustomResource, RemovalPolicy } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { NetworkSettingsProperties } from '../../lambda/shared/network-settings-props';
import { WICKR_RESOURCES } from '../../lambda/shared/resource-types';
import { throwIfProblems } from '../config/errors';
import type { IWickrNetwork } from './wickr-network';
import { WickrProvider } from './wickr-provider';

/** Whether senders can see that their messages were read. */
export enum ReadReceipts {
  DISABLED = 'DISABLED',
  /** Users choose. */
  ENABLED = 'ENABLED',
  /** On for everyone. */
  FORCE_ENABLED = 'FORCE_ENABLED',
}

export interface NetworkSettingsProps {
  readonly network: IWickrNetwork;
  /**
   * Read receipts for the network.
   * @default - not managed (left as the network has it)
   */
  readonly readReceipts?: ReadReceipts;
  /**
   * Whether clients send anonymised performance and usage metrics to Wickr.
   * @default - not managed
   */
  readonly clientMetrics?: boolean;
  /**
   * Refused at synth: the live service does not set data retention through UpdateNetworkSettings
   * (only UpdateDataRetention does; the live-tested fork `SMonaghan/terraform-provider-aws`,
   * network_settings_test.go @8c73d6b9). Use `DataRetention`, which enables it once the bot has registered.
   * @deprecated never set it
   * @default - not managed
   */
  readonly dataRetention?: boolean;
  /**
   * OpenTDF trusted data format enforcement.
   * @default - not managed
   */
  readonly trustedDataFormat?: boolean;
  /** @default - the stack's `WickrProvider` */
  readonly provider?: WickrProvider;
}

/**
 * The settings of a Wickr network that the config names; settings left out are not touched.
 * An update that changes nothing makes no write call (the handler compares first). Delete leaves
 * the settings as they are.
 */
export class NetworkSettings extends Construct {
  constructor(scope: Construct, id: string, props: NetworkSettingsProps) {
    super(scope, id);
    throwIfProblems(
      this.node.path,
      props.dataRetention === undefined
        ? []
        : [
            {
              path: 'dataRetention',
              message:
                'Wickr does not set data retention through its network settings (only UpdateDataRetention does); remove dataRetention and use DataRetention, which turns retention on once the bot has registered',
              got: props.dataRetention,
            },
          ],
    );
    const provider = props.provider ?? WickrProvider.of(this);
    provider.allowResource('networkSettings');
    const properties: NetworkSettingsProperties = {
      NetworkId: props.network.networkId,
      Settings: {
        ...(props.readReceipts !== undefined ? { readReceipts: props.readReceipts } : {}),
        ...(props.clientMetrics !== undefined ? { enableClientMetrics: props.clientMetrics } : {}),
        ...(props.trustedDataFormat !== undefined ? { enableTrustedDataFormat: props.trustedDataFormat } : {}),
      },
    };
    new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: WICKR_RESOURCES.networkSettings.type,
      properties,
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }
}
