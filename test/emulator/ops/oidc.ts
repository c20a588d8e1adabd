/**
 * SSO (OIDC). RegisterOidcConfig saves (and overwrites) the network's IdP settings; note that the
 * request member `userId` is the IdP client id. RegisterOidcConfigTest answers a synthetic discovery
 * document derived from the issuer (the emulator makes no outbound calls). GetOidcInfo answers empty
 * strings when SSO is unset, and a synthetic tokenInfo only when an authorisation code is supplied.
 * Secrets appear in responses (as on the real service) but never in the request log.
 */
import { randomBytes } from 'node:crypto';
import type {
  GetOidcInfoRequest,
  GetOidcInfoResponse,
  OidcConfigInfo,
  RegisterOidcConfigRequest,
  RegisterOidcConfigResponse,
  RegisterOidcConfigTestRequest,
  RegisterOidcConfigTestResponse,
} from '../../../lambda/wickr/model/types';
import { badRequest, ErrorReason, invalid } from '../errors';
import { OidcRecord } from '../state';
import { compact, Handler, network, OpContext } from './context';

function issuerReasons(issuer: string): ErrorReason[] {
  try {
    const url = new URL(issuer);
    if (url.protocol === 'https:' || url.protocol === 'http:') return [];
  } catch {
    // reported below
  }
  return [{ field: 'issuer', reason: 'must be an http(s) URL' }];
}

function scopeReasons(scopes: string): ErrorReason[] {
  return scopes.split(/\s+/).includes('openid') ? [] : [{ field: 'scopes', reason: 'must be space-separated and include "openid"' }];
}

function toInfo(oidc: OidcRecord): OidcConfigInfo {
  return compact({
    applicationName: oidc.applicationName,
    clientId: oidc.clientId,
    companyId: oidc.companyId,
    scopes: oidc.scopes,
    issuer: oidc.issuer,
    clientSecret: oidc.secret,
    secret: oidc.secret,
    redirectUrl: oidc.redirectUrl,
    userId: oidc.clientId,
    customUsername: oidc.customUsername,
    applicationId: oidc.applicationId,
    ssoTokenBufferMinutes: oidc.ssoTokenBufferMinutes,
    extraAuthParams: oidc.extraAuthParams,
  });
}

function registerOidcConfig(ctx: OpContext, input: RegisterOidcConfigRequest): RegisterOidcConfigResponse {
  const record = network(ctx, input.networkId!);
  // The model's own example answers an empty companyId with BadRequestError, not ValidationError.
  if (input.companyId!.trim() === '') throw badRequest('companyId must not be empty');
  const reasons = [...issuerReasons(input.issuer!), ...scopeReasons(input.scopes!)];
  if (input.ssoTokenBufferMinutes !== undefined && input.ssoTokenBufferMinutes < 0) {
    reasons.push({ field: 'ssoTokenBufferMinutes', reason: 'must not be negative' });
  }
  if (reasons.length > 0) throw invalid(reasons);
  record.oidc = {
    companyId: input.companyId!,
    issuer: input.issuer!,
    scopes: input.scopes!,
    customUsername: input.customUsername,
    extraAuthParams: input.extraAuthParams,
    secret: input.secret,
    ssoTokenBufferMinutes: input.ssoTokenBufferMinutes,
    clientId: input.userId,
    applicationId: 1,
    applicationName: `wickr-${record.networkId}`,
    redirectUrl: `https://sso.wickr.emulator.invalid/${ctx.region}/${record.networkId}/callback`,
  };
  return toInfo(record.oidc) as RegisterOidcConfigResponse;
}

function registerOidcConfigTest(ctx: OpContext, input: RegisterOidcConfigTestRequest): RegisterOidcConfigTestResponse {
  network(ctx, input.networkId!);
  const reasons = [...issuerReasons(input.issuer!), ...scopeReasons(input.scopes!)];
  if (reasons.length > 0) throw invalid(reasons);
  const base = input.issuer!.replace(/\/+$/, '');
  return {
    issuer: input.issuer,
    authorizationEndpoint: `${base}/authorize`,
    tokenEndpoint: `${base}/token`,
    userinfoEndpoint: `${base}/userinfo`,
    endSessionEndpoint: `${base}/logout`,
    logoutEndpoint: `${base}/logout`,
    revocationEndpoint: `${base}/revoke`,
    responseTypesSupported: ['code'],
    scopesSupported: input.scopes!.split(/\s+/),
    grantTypesSupported: ['authorization_code', 'refresh_token'],
    tokenEndpointAuthMethodsSupported: ['client_secret_post', 'client_secret_basic'],
    microsoftMultiRefreshToken: false,
  };
}

function getOidcInfo(ctx: OpContext, input: GetOidcInfoRequest): GetOidcInfoResponse {
  const record = network(ctx, input.networkId!);
  const openidConnectInfo = record.oidc ? toInfo(record.oidc) : { companyId: '', scopes: '', issuer: '' };
  if (input.code === undefined) return { openidConnectInfo };
  const token = () => randomBytes(24).toString('base64url');
  return {
    openidConnectInfo,
    tokenInfo: { codeVerifier: input.codeVerifier, accessToken: token(), idToken: token(), refreshToken: token(), tokenType: 'Bearer', expiresIn: 3600 },
  };
}

export const oidcHandlers = {
  RegisterOidcConfig: registerOidcConfig,
  RegisterOidcConfigTest: registerOidcConfigTest,
  GetOidcInfo: getOidcInfo,
} satisfies Record<string, Handler>;
