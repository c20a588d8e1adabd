import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ISM_RULES } from '../../../lib/nag/rules';

/** File names of the rule modules, which the tests mirror. */
const kebab = (name: string) => name.replace(/CloudTrail/g, 'Cloudtrail').replace(/CMK/g, 'Cmk').replace(/TLS/g, 'Tls').replace(/IAM/g, 'Iam').replace(/SNS/g, 'Sns').replace(/SQS/g, 'Sqs').replace(/EFS/g, 'Efs').replace(/EBS/g, 'Ebs').replace(/KMS/g, 'Kms').replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

describe('ISM rule tests', () => {
  test.each(ISM_RULES.map((r) => [r.name, kebab(r.name)]))('%s has its own rule module and test file (%s)', (_, file) => {
    expect(existsSync(join(__dirname, '..', '..', '..', 'lib', 'nag', 'rules', `${file}.ts`))).toBe(true);
    expect(existsSync(join(__dirname, `${file}.test.ts`))).toBe(true);
  });
});
