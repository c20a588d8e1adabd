/**
 * `Custom::WickrOidc`: a network's SSO (OIDC) registration.
 *
 * The IdP client secret lives in Secrets Manager; the handler reads it here, holds it only in memory
 * and sends it only in the RegisterOidcConfig body. It never goes into `Data`, the physical id, an
 * error message or a log line (GetOidcInfo's answer, which may carry it, is never logged either).
 *
 * Read before write. RegisterOidcConfig is a full overwrite with no token, so the handler registers
 * only when something differs:
 * - a configured non-secret field (company id, issuer, scopes as a set, client id, username claim,
 *   extra parameters, token buffer) differs from GetOidcInfo's answer (empty strings = no SSO yet;
 *   lambda/shared/oidc-diff.ts, which drift detection reports with too);
 * - the client secret changed:
 *     1. when GetOidcInfo returns the secret it holds, that copy decides: it is compared with the
 *        secret's current value (in constant time, never logged);
 *     2. otherwise the secret's current VersionId is compared with the one recorded at the last
 *        registration (no recorded version: register).
 *        The version is recorded in the physical id (`<networkId>/oidc/<versionId>`): that is the
 *        only state CloudFormation hands back on Update, and a version id is not secret. A new
 *        version therefore changes the physical id; CloudFormation then sends a Delete for the old
 *        id, which changes nothing (there is no API to remove SSO).
 *   A rotation alone changes no property, so CloudFormation does not call the handler; the config's
 *   `secretRotation` marker exists to trigger that Update.
 * When it registers, optional members the config leaves out keep their current values (the call
 * would otherwise clear them). With `TestBeforeSave`, RegisterOidcConfigTest runs first and a failed
 * test leaves the working configuration in place.
 *
 * Delete leaves SSO configured: the API has no operation to remove it.
 */
import { timingSafeEqual } from 'node:crypto';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  BadRequestError,
  GetOidcInfoCommand,
  type OidcConfigInfo,
  RegisterOidcConfigCommand,
  RegisterOidcConfigTestCommand,
  ResourceNotFoundError,
  ValidationError,
  type WickrClient,
  WickrOutcomeUnknownError,
} from '../../wickr';
import { oidcDifferences } from '../../shared/oidc-diff';
import { OIDC_ATTRIBUTES, OidcProperties, OidcPropertiesSchema } from '../../shared/oidc-props';
import { WICKR_RESOURCES } from '../../shared/resource-types';
import { HandlerContext, HandlerError, ResourceResult, defineHandler } from './framework';

const PHYSICAL_ID = /^([0-9]{8})\/oidc(?:\/(.+))?$/;
/**
 * Calls whose answer was lost before the handler gives up. RegisterOidcConfigTest changes nothing,
 * so it is simply sent again; RegisterOidcConfig is read back with GetOidcInfo first and sent again
 * only when Wickr does not hold the configuration (it overwrites, so a repeat is harmless).
 */
const UNKNOWN_OUTCOME_ATTEMPTS = 3;

interface ClientSecret {
  readonly value: string;
  readonly versionId: string;
}

export const oidcHandler = defineHandler<OidcProperties>({
  kind: WICKR_RESOURCES.oidc,
  schema: OidcPropertiesSchema,

  create: (ctx, props) => converge(ctx, props, undefined),

  async update(ctx, props, _old, physicalId) {
    const match = PHYSICAL_ID.exec(physicalId);
    // Another network: nothing recorded for it yet.
    const recorded = match && match[1] === props.NetworkId ? match[2] : undefined;
    return converge(ctx, props, recorded);
  },

  async delete(ctx, props) {
    ctx.log.info('SSO left configured: the Wickr API has no operation to remove it; change or disable it in the Wickr console', { networkId: props.NetworkId });
  },
});

async function converge(ctx: HandlerContext, props: OidcProperties, recordedVersion: string | undefined): Promise<ResourceResult> {
  const secret = await readClientSecret(ctx.region, props);
  const current = await getInfo(ctx.client, props.NetworkId);
  const differs = differingFields(current, props);
  const secretChanged = secretDiffers(current, secret, recordedVersion);
  let info = current;
  if (differs.length > 0 || secretChanged) {
    ctx.log.info('SSO registration differs; registering', { networkId: props.NetworkId, fields: differs, secretChanged, firstRegistration: current.issuer === '' });
    if (props.TestBeforeSave) await testIssuer(ctx, props);
    info = await register(ctx, props, current, secret);
    ctx.log.info('SSO registered', { networkId: props.NetworkId, secretVersionId: secret.versionId });
  }
  return {
    physicalId: `${props.NetworkId}/oidc/${secret.versionId}`,
    data: {
      [OIDC_ATTRIBUTES.companyId]: info.companyId ?? props.CompanyId,
      [OIDC_ATTRIBUTES.redirectUrl]: info.redirectUrl ?? '',
      [OIDC_ATTRIBUTES.secretVersionId]: secret.versionId,
    },
  };
}

/** Configured non-secret fields that differ from what Wickr holds (names only, never values). */
export function differingFields(current: OidcConfigInfo, props: OidcProperties): string[] {
  const desired = {
    companyId: props.CompanyId,
    issuer: props.Issuer,
    scopes: props.Scopes,
    clientId: props.ClientId,
    customUsername: props.CustomUsername,
    extraAuthParams: props.ExtraAuthParams,
    tokenBufferMinutes: props.TokenBufferMinutes,
  };
  return oidcDifferences(current, desired).map((d) => d.member);
}

function secretDiffers(current: OidcConfigInfo, secret: ClientSecret, recordedVersion: string | undefined): boolean {
  const held = current.secret || current.clientSecret;
  if (held) {
    // Wickr shows what it holds: that decides, whatever the versions say.
    const a = Buffer.from(held, 'utf8');
    const b = Buffer.from(secret.value, 'utf8');
    return a.length !== b.length || !timingSafeEqual(a, b);
  }
  // Wickr shows nothing: the version recorded at the last registration decides. Without one (first
  // run), registering is the only way to be sure.
  return recordedVersion === undefined || recordedVersion !== secret.versionId;
}

async function testIssuer(ctx: HandlerContext, props: OidcProperties): Promise<void> {
  const command = new RegisterOidcConfigTestCommand({
    networkId: props.NetworkId,
    issuer: props.Issuer,
    scopes: props.Scopes,
    ...(props.ExtraAuthParams !== undefined ? { extraAuthParams: props.ExtraAuthParams } : {}),
  });
  try {
    let found;
    for (let attempt = 1; ; attempt++) {
      try {
        found = await ctx.client.send(command);
        break;
      } catch (e) {
        // The test saves nothing: a lost answer is settled by asking again.
        if (!(e instanceof WickrOutcomeUnknownError)) throw e;
        if (attempt >= UNKNOWN_OUTCOME_ATTEMPTS) {
          throw new HandlerError(
            `RegisterOidcConfigTest for network ${props.NetworkId} got no answer ${attempt} times (last: ${e.serviceMessage ?? e.name}); ` +
              'it saves nothing, and SSO was left as it was; deploy again when the service answers',
          );
        }
        ctx.log.warn('RegisterOidcConfigTest outcome unknown; testing again (it changes nothing)', { networkId: props.NetworkId, attempt });
      }
    }
    ctx.log.info('the IdP passed Wickr\'s test', { networkId: props.NetworkId, authorizationEndpoint: found.authorizationEndpoint, tokenEndpoint: found.tokenEndpoint });
  } catch (e) {
    if (e instanceof ValidationError || e instanceof BadRequestError) {
      const reasons = e instanceof ValidationError && e.reasons?.length ? ` [${e.reasons.map((r) => `${r.field}: ${r.reason}`).join('; ')}]` : '';
      throw new HandlerError(
        `Wickr's test of the IdP ${props.Issuer} failed: ${e.serviceMessage ?? e.message}${reasons}. SSO was left as it was; ` +
          'check issuer, scopes and extraAuthParams (or set testBeforeSave: false to save without the test)',
      );
    }
    throw e;
  }
}

async function register(ctx: HandlerContext, props: OidcProperties, current: OidcConfigInfo, secret: ClientSecret): Promise<OidcConfigInfo> {
  // A full overwrite: members the config leaves out keep the values Wickr holds.
  const keep = <T>(configured: T | undefined, held: T | undefined): T | undefined => (configured !== undefined ? configured : held === '' ? undefined : held);
  const customUsername = keep(props.CustomUsername, current.customUsername);
  const extraAuthParams = keep(props.ExtraAuthParams, current.extraAuthParams);
  const tokenBuffer = keep(props.TokenBufferMinutes, current.ssoTokenBufferMinutes);
  const input = {
    networkId: props.NetworkId,
    companyId: props.CompanyId,
    issuer: props.Issuer,
    scopes: props.Scopes,
    userId: props.ClientId,
    secret: secret.value,
    ...(customUsername !== undefined ? { customUsername } : {}),
    ...(extraAuthParams !== undefined ? { extraAuthParams } : {}),
    ...(tokenBuffer !== undefined ? { ssoTokenBufferMinutes: tokenBuffer } : {}),
  };
  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.client.send(new RegisterOidcConfigCommand(input));
    } catch (e) {
      if (e instanceof WickrOutcomeUnknownError) {
        // Read back: if Wickr holds what was sent, the registration went through. Without the secret
        // in the answer, the fields prove it only if they differed before (a rotation alone cannot be
        // seen, so it is sent again: the call overwrites).
        const held = await getInfo(ctx.client, props.NetworkId);
        const fieldsHeld = differingFields(held, props).length === 0;
        const proven = held.secret || held.clientSecret ? fieldsHeld && !secretDiffers(held, secret, secret.versionId) : fieldsHeld && differingFields(current, props).length > 0;
        if (proven) {
          ctx.log.warn('RegisterOidcConfig outcome was unknown; Wickr holds the configuration, so it was registered', { networkId: props.NetworkId, attempt });
          return held;
        }
        if (attempt < UNKNOWN_OUTCOME_ATTEMPTS) {
          ctx.log.warn('RegisterOidcConfig outcome unknown and Wickr does not hold the configuration; registering again (it overwrites)', { networkId: props.NetworkId, attempt });
          continue;
        }
        throw new HandlerError(
          `RegisterOidcConfig for network ${props.NetworkId} got no answer ${attempt} times (last: ${e.serviceMessage ?? e.name}), and GetOidcInfo does not show ` +
            'the configuration; deploy again when the service answers (the registration overwrites, so repeating it is safe)',
        );
      }
      if (e instanceof ValidationError || e instanceof BadRequestError) {
        const reasons = e instanceof ValidationError && e.reasons?.length ? ` [${e.reasons.map((r) => `${r.field}: ${r.reason}`).join('; ')}]` : '';
        throw new HandlerError(`Wickr refused the SSO registration for network ${props.NetworkId}: ${e.serviceMessage ?? e.message}${reasons}; fix the sso settings in the config`);
      }
      throw e;
    }
  }
}

async function getInfo(client: WickrClient, networkId: string): Promise<OidcConfigInfo> {
  try {
    const { openidConnectInfo } = await client.send(new GetOidcInfoCommand({ networkId }));
    return openidConnectInfo ?? { companyId: '', scopes: '', issuer: '' };
  } catch (e) {
    if (e instanceof ResourceNotFoundError) {
      throw new HandlerError(`network ${networkId} does not exist in this account and Region; check the network SSO belongs to`);
    }
    throw e;
  }
}

/** The client secret's current value and version. Errors name the secret, never its content. */
async function readClientSecret(region: string, props: OidcProperties): Promise<ClientSecret> {
  const client = new SecretsManagerClient({ region });
  const where = `the IdP client secret ${props.ClientSecretId}`;
  try {
    let out;
    try {
      out = await client.send(new GetSecretValueCommand({ SecretId: props.ClientSecretId }));
    } catch (e) {
      const name = (e as Error).name;
      if (name === 'ResourceNotFoundException') {
        throw new HandlerError(`${where} does not exist or has no value in ${region}; create it (clientSecret in the sso config names it) and deploy again`);
      }
      throw new HandlerError(`cannot read ${where}: ${name}; the kit grants its handler read access to it, so check the secret's own resource policy and KMS key`);
    }
    const versionId = out.VersionId;
    let value = out.SecretString;
    if (!versionId || value === undefined) throw new HandlerError(`${where} holds no text value; store the client secret as a string`);
    if (props.ClientSecretJsonKey !== undefined) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch {
        throw new HandlerError(`${where} is not JSON, but clientSecretJsonKey is set; remove clientSecretJsonKey or store the secret as a JSON object`);
      }
      const field = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>)[props.ClientSecretJsonKey] : undefined;
      if (typeof field !== 'string' || field === '') {
        throw new HandlerError(`${where} has no non-empty string under the key "${props.ClientSecretJsonKey}"; check clientSecretJsonKey`);
      }
      value = field;
    }
    if (value.trim() === '') throw new HandlerError(`${where} is empty; store the client secret the IdP issued for Wickr`);
    return { value, versionId };
  } finally {
    client.destroy();
  }
}
