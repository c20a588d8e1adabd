// Every test runs with fake AWS credentials and no route to real AWS: the Wickr client and any AWS
// SDK call must be pointed at a loopback stand-in by the test itself.
process.env.AWS_ACCESS_KEY_ID ??= 'AKIDEXAMPLETESTONLY';
process.env.AWS_SECRET_ACCESS_KEY ??= 'test-secret-access-key-not-real';
process.env.AWS_REGION ??= 'ap-southeast-2';
process.env.AWS_EC2_METADATA_DISABLED = 'true';
// aws-cdk-lib's built-in CloudFormation schema validator costs ~4.5 s and ~330 MB per process;
// CI runs it once, deliberately (see README), not in every Template test.
process.env.CDK_VALIDATION = 'false';
