/**
 * Simulators for the resource types of the data-retention bot's network and host that the lifecycle
 * harness's generic simulator does not know, so templates with data retention deploy in the harness.
 */
import { genericSimulator, type ResourceSimulator } from '../lifecycle/simulators';

/**
 * The attributes CloudFormation would return for the resource types of the bot's network and task
 * that the harness's generic simulator does not know (VPC, security groups, EFS, ECS, SNS, the EC2
 * host's volume and launch template).
 */
function withAttributes(
  attributes: (physicalId: string, region: string, account: string) => Record<string, unknown>,
  ref?: (attributes: Record<string, unknown>) => string,
): ResourceSimulator {
  return {
    honours: [],
    create(context) {
      const state = genericSimulator.create(context);
      const all = { ...state.attributes, ...attributes(state.physicalId, context.region, context.accountId) };
      return { physicalId: ref ? ref(all) : state.physicalId, attributes: all };
    },
    update: (context, previous) => genericSimulator.update(context, previous),
    delete: (context, previous) => genericSimulator.delete(context, previous),
  };
}

export const RETENTION_SIMULATORS: Record<string, ResourceSimulator> = {
  'AWS::EC2::VPC': withAttributes((id) => ({ CidrBlock: '10.100.0.0/24', DefaultSecurityGroup: `sg-default-${id.slice(-6)}`, VpcId: id })),
  'AWS::EC2::SecurityGroup': withAttributes((id) => ({ GroupId: `sg-${id.slice(-12).toLowerCase()}` })),
  'AWS::EFS::FileSystem': withAttributes((id, r, a) => ({ FileSystemId: id, Arn: `arn:aws:elasticfilesystem:${r}:${a}:file-system/${id}` })),
  'AWS::EFS::AccessPoint': withAttributes((id, r, a) => ({ AccessPointId: id, Arn: `arn:aws:elasticfilesystem:${r}:${a}:access-point/${id}` })),
  'AWS::ECS::Service': withAttributes((id, r, a) => ({ Name: id, ServiceArn: `arn:aws:ecs:${r}:${a}:service/${id}` })),
  // The EC2 host: its state volume (Ref is its id) and launch template.
  'AWS::EC2::Volume': withAttributes((id) => ({ VolumeId: `vol-${id.slice(-17).toLowerCase().replace(/[^0-9a-f]/g, '0')}` }), (attrs) => String(attrs.VolumeId)),
  'AWS::EC2::LaunchTemplate': withAttributes((id) => ({ LaunchTemplateId: `lt-${id.slice(-17).toLowerCase()}`, LatestVersionNumber: '1', DefaultVersionNumber: '1' })),
  // Ref of a topic is its ARN.
  'AWS::SNS::Topic': withAttributes((id, r, a) => ({ TopicArn: `arn:aws:sns:${r}:${a}:${id}`, TopicName: id }), (attrs) => String(attrs.TopicArn)),
};


/** The SSM parameter the EC2 host's AMI resolves from at deploy time (CloudFormation reads it; so does the harness). */
export const ECS_AMI_PARAMETER = '/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id';

/** What CloudFormation would read for the host's AMI: AWS publishes the parameter in every Region. */
export const RETENTION_PUBLIC_PARAMETERS: Readonly<Record<string, string>> = { [ECS_AMI_PARAMETER]: 'ami-0123456789abcdef0' };
