import { Arn, ArnFormat, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import type { IWickrNetwork } from './wickr-network';

/**
 * The hand-off between a Region's network stack and the federation stacks: plain SSM parameters,
 * because a network's id exists only once its stack has deployed, and federation needs the ids of
 * networks in other Regions (where CloudFormation exports cannot reach). The parameters hold ids and
 * key ARNs, which are identifiers, not secrets.
 */

/** The SSM parameter holding the ARN of an agency's logs key in a Region, for the federation stack's provider. */
export function logsKeyParameterName(agencyId: string, region: string): string {
  return `/wickr-kit/${agencyId}/${region}/logs-key-arn`;
}

/** The ARN of an SSM parameter (name starting with `/`), for IAM. */
export function parameterArn(scope: Construct, name: string, region: string, account?: string): string {
  return Arn.format({ service: 'ssm', resource: 'parameter', resourceName: name.replace(/^\//, ''), arnFormat: ArnFormat.SLASH_RESOURCE_NAME, region, account }, Stack.of(scope));
}

export interface NetworkIdParameterProps {
  readonly network: IWickrNetwork;
  /** e.g. `networkIdParameterName(agencyId, networkConfigId)`. */
  readonly parameterName: string;
}

/** Publishes a network's id for federation (`/wickr-kit/<agency>/<network>/network-id`). */
export class NetworkIdParameter extends Construct {
  public readonly parameter: ssm.StringParameter;

  constructor(scope: Construct, id: string, props: NetworkIdParameterProps) {
    super(scope, id);
    this.parameter = new ssm.StringParameter(this, 'Resource', {
      parameterName: props.parameterName,
      stringValue: props.network.networkId,
      description: 'wickr-cdk-kit: the Wickr network id, read by the federation stacks (written by the network stack, which deploys first)',
      tier: ssm.ParameterTier.STANDARD,
    });
  }
}

export interface FederationKeyParameterProps {
  readonly agencyId: string;
  /** The Region's logs key (`RegionalKeys.logsKey`). */
  readonly logsKey: kms.IKey;
}

/** Publishes the Region's logs key ARN, so the federation stack's handlers log under the agency's key without a cross-stack reference. */
export class FederationKeyParameter extends Construct {
  public readonly parameter: ssm.StringParameter;

  constructor(scope: Construct, id: string, props: FederationKeyParameterProps) {
    super(scope, id);
    this.parameter = new ssm.StringParameter(this, 'Resource', {
      parameterName: logsKeyParameterName(props.agencyId, Stack.of(this).region),
      stringValue: props.logsKey.keyArn,
      description: "wickr-cdk-kit: ARN of the agency's logs key in this Region, read by the federation stack",
      tier: ssm.ParameterTier.STANDARD,
    });
  }
}
