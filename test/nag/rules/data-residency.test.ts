import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { RetentionStorage } from '../../../lib/constructs/retention-storage';
import { DataResidency, setIsmPolicy } from '../../../lib/nag/rules';
import { COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE, cfn, testStack } from './helpers';

const info = (node: Parameters<typeof DataResidency.check>[0]) => (typeof DataResidency.info === 'function' ? DataResidency.info(node) : DataResidency.info);

describe('ISM-DataResidency', () => {
  test('resources of a stack in an allowed Region are compliant', () => {
    const stack = testStack('ap-southeast-2');
    setIsmPolicy(stack, { allowedRegions: ['ap-southeast-2', 'ap-southeast-4'] });
    expect(DataResidency.check(cfn(new s3.Bucket(stack, 'B')))).toBe(COMPLIANT);
  });

  test('fails for a stack outside allowedRegions, naming the Region and ISM-1572', () => {
    const stack = testStack('us-west-2');
    setIsmPolicy(stack, { allowedRegions: ['ap-southeast-2'] });
    const bucket = cfn(new s3.Bucket(stack, 'B'));
    expect(DataResidency.check(bucket)).toBe(NON_COMPLIANT);
    expect(info(bucket)).toBe("Stack Test is in Region us-west-2, outside the agency's allowedRegions (ap-southeast-2): data residency (ISM-1572).");
  });

  test('fails when records replicate into a Region outside allowedRegions, read from the replica key ARN', () => {
    const stack = testStack('ap-southeast-2');
    setIsmPolicy(stack, { allowedRegions: ['ap-southeast-2', 'ap-southeast-4'] });
    const storage = new RetentionStorage(stack, 'R', {
      encryptionKey: new kms.Key(stack, 'K'),
      bucketName: 'dea-wickr-records-ap-southeast-2-111122223333',
      replicateTo: { region: 'us-east-1', bucketName: 'dea-wickr-records-us-east-1-111122223333', keyAlias: 'alias/wickr-kit/dea/retention' },
    });
    const bucket = cfn(storage.bucket);
    expect(DataResidency.check(bucket)).toBe(NON_COMPLIANT);
    expect(info(bucket)).toContain('replicates to Region us-east-1');
  });

  test('replication into an allowed Region is compliant', () => {
    const stack = testStack('ap-southeast-2');
    setIsmPolicy(stack, { allowedRegions: ['ap-southeast-2', 'ap-southeast-4'] });
    const storage = new RetentionStorage(stack, 'R', {
      encryptionKey: new kms.Key(stack, 'K'),
      bucketName: 'dea-wickr-records-ap-southeast-2-111122223333',
      replicateTo: { region: 'ap-southeast-4', bucketName: 'dea-wickr-records-ap-southeast-4-111122223333', keyAlias: 'alias/wickr-kit/dea/retention' },
    });
    expect(DataResidency.check(cfn(storage.bucket))).toBe(COMPLIANT);
  });

  test('does not apply where no allowedRegions are in force', () => {
    expect(DataResidency.check(cfn(new s3.Bucket(testStack(), 'B')))).toBe(NOT_APPLICABLE);
  });
});
