/**
 * How a network's configured SSO (OIDC) registration compares with what GetOidcInfo answers. The
 * SSO handler registers when anything here differs, and drift detection reports with it, so
 * "differs" means the same thing in both.
 *
 * Only the non-secret members are compared. The client secret is never part of this comparison
 * (GetOidcInfo may echo what Wickr holds; nothing here reads it): the handler decides a secret
 * change by the secret's own version, drift detection cannot see it at all.
 *
 * No dependencies beyond the client's types: this file is bundled into the Lambda handlers.
 */
import type { OidcConfigInfo } from '../wickr/model/types';

/** The SSO registration as the config gives it, without the secret. */
export interface DesiredOidc {
  readonly companyId: string;
  readonly issuer: string;
  /** Space-separated, `openid` among them; compared as a set. */
  readonly scopes: string;
  /** The client id Wickr was registered with at the IdP (the API calls it `userId`). */
  readonly clientId: string;
  /** Compared only when configured. */
  readonly customUsername?: string;
  /** Compared only when configured. */
  readonly extraAuthParams?: string;
  /** Compared only when configured. */
  readonly tokenBufferMinutes?: number;
}

/** A registration member, by the name GetOidcInfo uses. */
export type OidcMember = 'companyId' | 'issuer' | 'scopes' | 'clientId' | 'customUsername' | 'extraAuthParams' | 'ssoTokenBufferMinutes';

export interface OidcDifference {
  readonly member: OidcMember;
  readonly expected: string | number;
  readonly actual: string | number | undefined;
}

/** Every configured non-secret member that differs from what Wickr holds (empty strings = no SSO yet). */
export function oidcDifferences(current: OidcConfigInfo, desired: DesiredOidc): OidcDifference[] {
  const out: OidcDifference[] = [];
  const add = (member: OidcMember, expected: string | number, actual: string | number | undefined) => out.push({ member, expected, actual });
  if (current.companyId !== desired.companyId) add('companyId', desired.companyId, current.companyId);
  if (current.issuer !== desired.issuer) add('issuer', desired.issuer, current.issuer);
  if (!sameScopes(current.scopes ?? '', desired.scopes)) add('scopes', desired.scopes, current.scopes);
  const clientId = current.clientId || current.userId;
  if (clientId !== desired.clientId) add('clientId', desired.clientId, clientId);
  if (desired.customUsername !== undefined && current.customUsername !== desired.customUsername) add('customUsername', desired.customUsername, current.customUsername);
  if (desired.extraAuthParams !== undefined && current.extraAuthParams !== desired.extraAuthParams) add('extraAuthParams', desired.extraAuthParams, current.extraAuthParams);
  if (desired.tokenBufferMinutes !== undefined && current.ssoTokenBufferMinutes !== desired.tokenBufferMinutes) add('ssoTokenBufferMinutes', desired.tokenBufferMinutes, current.ssoTokenBufferMinutes);
  return out;
}

function sameScopes(a: string, b: string): boolean {
  const set = (s: string) => [...new Set(s.split(/\s+/).filter((x) => x !== ''))].sort().join(' ');
  return set(a) === set(b);
}
