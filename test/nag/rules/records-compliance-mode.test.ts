import { Duration } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { RecordsRetention, RetentionStorage } from '../../../lib/constructs/retention-storage';
import { RecordsComplianceMode } from '../../../lib/nag/rules';
import { COMPLIANT, NON_COMPLIANT, cfn, testStack } from './helpers';

describe('ISM-RecordsComplianceMode', () => {
  test('records locked in COMPLIANCE mode are compliant', () => {
    const stack = testStack();
    const storage = new RetentionStorage(stack, 'R', { encryptionKey: new kms.Key(stack, 'K') });
    expect(RecordsComplianceMode.check(cfn(storage.bucket))).toBe(COMPLIANT);
  });

  test('fails (as a warning) when records are locked in GOVERNANCE mode', () => {
    const stack = testStack();
    const storage = new RetentionStorage(stack, 'R', { encryptionKey: new kms.Key(stack, 'K'), retention: RecordsRetention.governance(Duration.days(2557)) });
    const bucket = cfn(storage.bucket);
    expect(RecordsComplianceMode.check(bucket)).toBe(NON_COMPLIANT);
    expect(RecordsComplianceMode.level).toBe('warning');
    expect(typeof RecordsComplianceMode.info === 'function' && RecordsComplianceMode.info(bucket)).toContain('mode is GOVERNANCE');
  });
});
