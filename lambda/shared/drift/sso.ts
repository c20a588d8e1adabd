/** A network's SSO registration, compared as the SSO handler compares it, without ever touching the client secret. */
import type { OidcConfigInfo } from '../../wickr/model/types';
import { type DesiredOidc, type OidcMember, oidcDifferences } from '../oidc-diff';
import { differ } from './difference';
import type { DriftDifference, DriftValue } from './types';

/** The config's names (`sso.tokenBufferMinutes` is `ssoTokenBufferMinutes` on the wire). */
const CONFIG_NAME: Readonly<Record<OidcMember, string>> = {
  companyId: 'companyId',
  issuer: 'issuer',
  scopes: 'scopes',
  clientId: 'clientId',
  customUsername: 'customUsername',
  extraAuthParams: 'extraAuthParams',
  ssoTokenBufferMinutes: 'tokenBufferMinutes',
};

const scopeList = (s: string | undefined) => (s ?? '').split(/\s+/).filter((x) => x !== '');

/** `live` is GetOidcInfo's `openidConnectInfo`; empty strings (or nothing) mean no SSO is registered. */
export function compareSso(network: string, desired: DesiredOidc, live: OidcConfigInfo | undefined): DriftDifference[] {
  const d = differ(network, 'sso');
  if (!live || (!live.issuer && !live.companyId)) return [d('registered', true, false)];
  return oidcDifferences(live, desired).map((x) => {
    const value = (v: string | number | undefined): DriftValue => (x.member === 'scopes' ? scopeList(v as string | undefined) : (v ?? null));
    return d(CONFIG_NAME[x.member], value(x.expected), value(x.actual));
  });
}
