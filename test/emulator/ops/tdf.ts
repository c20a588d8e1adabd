/**
 * OpenTDF. Only the Virtru provider is accepted (doc-stated → 422 otherwise). `dryRun=true` checks
 * the request and answers without saving. GetOpentdfConfig answers empty strings when unset and
 * returns the stored clientSecret in clear, as the real service does.
 */
import type {
  GetOpentdfConfigRequest,
  GetOpentdfConfigResponse,
  RegisterOpentdfConfigRequest,
  RegisterOpentdfConfigResponse,
} from '../../../lambda/wickr/model/types';
import { ErrorReason, invalid } from '../errors';
import { TdfRecord } from '../state';
import { Handler, network, OpContext } from './context';

export const TDF_PROVIDERS: readonly string[] = ['virtru'];

function registerOpentdfConfig(ctx: OpContext, input: RegisterOpentdfConfigRequest): RegisterOpentdfConfigResponse {
  const record = network(ctx, input.networkId!);
  const config: TdfRecord = { clientId: input.clientId!, clientSecret: input.clientSecret!, domain: input.domain!, provider: input.provider! };
  const reasons: ErrorReason[] = [];
  if (!TDF_PROVIDERS.includes(config.provider.toLowerCase())) reasons.push({ field: 'provider', reason: `must be one of ${TDF_PROVIDERS.join(', ')}` });
  if (!/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$/.test(config.domain)) {
    reasons.push({ field: 'domain', reason: 'must be a DNS domain name' });
  }
  if (config.clientId.trim() === '') reasons.push({ field: 'clientId', reason: 'must not be empty' });
  if (config.clientSecret === '') reasons.push({ field: 'clientSecret', reason: 'must not be empty' });
  if (reasons.length > 0) throw invalid(reasons);
  if (!input.dryRun) record.tdf = config;
  return { ...config };
}

function getOpentdfConfig(ctx: OpContext, input: GetOpentdfConfigRequest): GetOpentdfConfigResponse {
  const tdf = network(ctx, input.networkId!).tdf;
  return tdf ? { ...tdf } : { clientId: '', clientSecret: '', domain: '', provider: '' };
}

export const tdfHandlers = {
  RegisterOpentdfConfig: registerOpentdfConfig,
  GetOpentdfConfig: getOpentdfConfig,
} satisfies Record<string, Handler>;
