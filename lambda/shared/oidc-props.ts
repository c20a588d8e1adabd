/**
 * Properties of `Custom::WickrOidc` (a network's SSO registration), declared once for the construct
 * and the handler.
 *
 * The IdP client secret is never a property: `ClientSecretId` names a Secrets Manager secret (name or
 * ARN) that the handler reads inside the Lambda and sends straight to Wickr.
 */
import { Infer, p } from './props';

export const OidcPropertiesSchema = p.object({
  NetworkId: p.string({ pattern: /^[0-9]{8}$/ }),
  /** What users type to find the network's SSO sign-in. */
  CompanyId: p.string({ min: 1, max: 128 }),
  /** The IdP's issuer URL (its discovery document is under `/.well-known/openid-configuration`). */
  Issuer: p.string({ pattern: /^https:\/\/\S+$/ }),
  /** Space-separated scopes, `openid` among them. */
  Scopes: p.string({ pattern: /(^|\s)openid(\s|$)/ }),
  /** The client id Wickr was registered with at the IdP (the API calls it `userId`). */
  ClientId: p.string({ min: 1, max: 512 }),
  /** Name or ARN of the Secrets Manager secret holding the IdP client secret. */
  ClientSecretId: p.string({ min: 1, max: 2048 }),
  /** When the secret is a JSON object: the key that holds the client secret. */
  ClientSecretJsonKey: p.optional(p.string({ min: 1, max: 256 })),
  /** The ID-token claim Wickr takes usernames from. */
  CustomUsername: p.optional(p.string({ min: 1, max: 256 })),
  /** Extra authorization-request parameters, as the IdP expects them (e.g. `prompt=login`). */
  ExtraAuthParams: p.optional(p.string({ min: 1, max: 2048 })),
  /** Minutes before token expiry at which Wickr refreshes it. */
  TokenBufferMinutes: p.optional(p.number({ integer: true, min: 0, max: 1440 })),
  /** Ask Wickr to test the issuer (RegisterOidcConfigTest) before saving; a failed test leaves SSO as it was. */
  TestBeforeSave: p.boolean(),
  /**
   * Free text the user changes after rotating the client secret, so CloudFormation sends an Update
   * (a changed secret alone changes no property). The handler itself decides by the secret's version.
   */
  SecretRotation: p.optional(p.string({ max: 256 })),
});

export type OidcProperties = Infer<typeof OidcPropertiesSchema>;

/** Attributes of `Custom::WickrOidc` (`Fn::GetAtt`); none is secret. */
export const OIDC_ATTRIBUTES = {
  companyId: 'CompanyId',
  /** The redirect URL to register at the IdP, as Wickr reports it. */
  redirectUrl: 'RedirectUrl',
  /** Version id of the client secret Wickr now holds. */
  secretVersionId: 'SecretVersionId',
} as const;
