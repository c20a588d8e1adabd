/**
 * Starts the three AWS stand-ins together on 127.0.0.1 and says how to point SDK clients at them.
 */
import { KmsStandIn } from './kms';
import { SecretsManagerStandIn } from './secrets-manager';
import { SsmStandIn } from './ssm';

export { AwsServiceError, checkSigV4, type RecordedRequest, type SignatureScope } from './aws-json-server';
export { KmsStandIn, type KmsKey, type CreateKeyInput } from './kms';
export { SecretsManagerStandIn, type StoredSecret, type SecretVersion, type CreateSecretInput } from './secrets-manager';
export { SsmStandIn, type StoredParameter, type PutParameterInput, type ParameterType } from './ssm';

export interface AwsStandIns {
  readonly secretsManager: SecretsManagerStandIn;
  readonly ssm: SsmStandIn;
  readonly kms: KmsStandIn;
  /**
   * The service-specific endpoint variables that AWS SDK v3 (and the AWS CLI) read:
   * AWS_ENDPOINT_URL_SECRETS_MANAGER, AWS_ENDPOINT_URL_SSM, AWS_ENDPOINT_URL_KMS.
   */
  endpointEnv(): Record<string, string>;
  close(): Promise<void>;
}

export interface StandInOptions {
  /** The account the stand-ins put in ARNs. Default 123456789012. */
  readonly accountId?: string;
  /** When given, requests signed for any other Region are refused. */
  readonly regions?: readonly string[];
}

export async function startAwsStandIns(options: StandInOptions = {}): Promise<AwsStandIns> {
  const kms = await KmsStandIn.start(options);
  const secretsManager = await SecretsManagerStandIn.start({ ...options, kms });
  const ssm = await SsmStandIn.start(options);
  return {
    secretsManager,
    ssm,
    kms,
    endpointEnv: () => ({
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManager.url,
      AWS_ENDPOINT_URL_SSM: ssm.url,
      AWS_ENDPOINT_URL_KMS: kms.url,
    }),
    close: async () => {
      await Promise.all([secretsManager.close(), ssm.close(), kms.close()]);
    },
  };
}
