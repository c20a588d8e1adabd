import { Size } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { EBSCMKEncryption } from '../../../lib/nag/rules';
import { COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE, cfn, testStack } from './helpers';

describe('ISM-EBSCMKEncryption', () => {
  const key = 'arn:aws:kms:ap-southeast-2:111122223333:key/11111111-2222-3333-4444-555555555555';

  test('a volume, and the volumes of a launch template, encrypted with a customer-managed key are compliant', () => {
    const stack = testStack();
    expect(EBSCMKEncryption.check(new ec2.CfnVolume(stack, 'V', { availabilityZone: 'ap-southeast-2a', size: 1024, encrypted: true, kmsKeyId: key }))).toBe(COMPLIANT);
    const cmk = new kms.Key(stack, 'K');
    const template = new ec2.LaunchTemplate(stack, 'L', { blockDevices: [{ deviceName: '/dev/xvda', volume: ec2.BlockDeviceVolume.ebs(30, { encrypted: true, kmsKey: cmk }) }] });
    expect(EBSCMKEncryption.check(cfn(template))).toBe(COMPLIANT);
    const volume = new ec2.Volume(stack, 'L2', { availabilityZone: 'ap-southeast-2a', size: Size.gibibytes(10), encrypted: true, encryptionKey: cmk });
    expect(EBSCMKEncryption.check(cfn(volume))).toBe(COMPLIANT);
  });

  test('fails when a volume is unencrypted or uses the AWS-managed key, and when a launch template declares such a volume', () => {
    const stack = testStack();
    expect(EBSCMKEncryption.check(new ec2.CfnVolume(stack, 'V', { availabilityZone: 'ap-southeast-2a', size: 8 }))).toBe(NON_COMPLIANT);
    expect(EBSCMKEncryption.check(new ec2.CfnVolume(stack, 'W', { availabilityZone: 'ap-southeast-2a', size: 8, encrypted: true }))).toBe(NON_COMPLIANT);
    expect(EBSCMKEncryption.check(new ec2.CfnVolume(stack, 'X', { availabilityZone: 'ap-southeast-2a', size: 8, encrypted: true, kmsKeyId: 'alias/aws/ebs' }))).toBe(NON_COMPLIANT);
    const template = new ec2.LaunchTemplate(stack, 'L', { blockDevices: [{ deviceName: '/dev/xvda', volume: ec2.BlockDeviceVolume.ebs(30, { encrypted: true }) }] });
    expect(EBSCMKEncryption.check(cfn(template))).toBe(NON_COMPLIANT);
  });

  test('a launch template that declares no volumes is not applicable', () => {
    expect(EBSCMKEncryption.check(cfn(new ec2.LaunchTemplate(testStack(), 'L', {})))).toBe(NOT_APPLICABLE);
  });
});
