/**
 * Simulators for the resource types of the data-retention bot's network and host that the lifecycle
 * harness's generic simulator does not know, so templates with data retention deploy in the harness.
 */
import { genericSimulator, type ResourceSimulator } from '../lifecycle/simulators';

/**
 * The attributes CloudFormation would return for the resource types of the bot's network and task
 * that the harness's generic simulator does not know (VPC, security groups, EFS, ECS, SNS).
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
  // Ref of a topic is its ARN.
  'AWS::SNS::Topic': withAttributes((id, r, a) => ({ TopicArn: `arn:aws:sns:${r}:${a}:${id}`, TopicName: id }), (attrs) => String(attrs.TopicArn)),
};

