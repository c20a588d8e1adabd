import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { acknowledge } from '../../lib/nag/acknowledgements';
import { addKitNagPacks } from '../../lib/nag/kit-nag';
import { NagMode } from '../../lib/nag/nag-mode';
import { testApp } from '../helpers/kit';

/** The acknowledgement ids CDK recorded on a construct's subtree, as `Validations.acknowledge` stores them. */
function acknowledgedIds(stack: Stack): string[] {
  const ids: string[] = [];
  for (const c of stack.node.findAll()) {
    for (const m of c.node.metadata) if (m.type === 'aws:cdk:acknowledgements' || /acknowledg/i.test(m.type)) ids.push(JSON.stringify(m.data));
  }
  return ids;
}

function stackWithWildcardPolicy(mode: NagMode, extra: string[] = []) {
  const app = testApp();
  const stack = new Stack(app, 'Acks', { env: { account: '111122223333', region: 'ap-southeast-2' } });
  const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('s3.amazonaws.com') });
  const policy = new iam.ManagedPolicy(stack, 'Replication', {
    roles: [role],
    statements: [new iam.PolicyStatement({ actions: ['s3:ReplicateObject'], resources: ['arn:aws:s3:::dea-wickr-records-eu-west-2-111122223333/*', ...extra] })],
  });
  acknowledge(policy, 'replicationRoleObjectWildcards');
  addKitNagPacks(app, { mode });
  app.synth();
  return stack;
}

describe('finding-level acknowledgements', () => {
  test('acknowledge the wildcard findings they name when nag runs', () => {
    const ids = acknowledgedIds(stackWithWildcardPolicy(NagMode.ADVISORY));
    expect(ids.join('\n')).toContain('AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:s3:::dea-wickr-records-eu-west-2-111122223333/*]');
  });

  test('fails synth when a policy acknowledged for S3 objects also has a KMS key wildcard: that finding stays open', () => {
    expect(() => stackWithWildcardPolicy(NagMode.ADVISORY, ['arn:aws:kms:eu-west-2:111122223333:key/*'])).toThrow(
      /AwsSolutions-IAM5\[Resource::arn:aws:kms:eu-west-2:111122223333:key\/\*\]/,
    );
  });

  test('compute nothing when nag is off (cdk-nag need not load)', () => {
    const ids = acknowledgedIds(stackWithWildcardPolicy(NagMode.OFF));
    expect(ids.join('\n')).not.toContain('AwsSolutions-IAM5[');
  });
});
