import { ENDPOINT_PREFIX } from './model/operations';

export interface EndpointOptions {
  readonly region: string;
  /** Explicit endpoint from the client config; wins over the environment. */
  readonly endpoint?: string | URL;
  readonly useFipsEndpoint?: boolean;
  readonly useDualstackEndpoint?: boolean;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Environment variable that points every client at another endpoint (the loopback emulator, a proxy). */
export const ENDPOINT_ENV_VAR = 'WICKR_ENDPOINT_URL';

/**
 * Where requests go. Follows the service's endpoint rules: `admin.wickr.<region>.<dnsSuffix>`,
 * `admin.wickr-fips...` with FIPS, the dual-stack suffix with dual-stack, and a custom endpoint
 * (config `endpoint`, else WICKR_ENDPOINT_URL) replacing all of it. As in the rules, a custom
 * endpoint cannot be combined with FIPS or dual-stack.
 */
export function resolveEndpoint(options: EndpointOptions): URL {
  const custom = options.endpoint ?? emptyToUndefined(options.env?.[ENDPOINT_ENV_VAR]);
  if (custom !== undefined) {
    if (options.useFipsEndpoint) throw new Error('Invalid configuration: FIPS and a custom endpoint cannot be combined');
    if (options.useDualstackEndpoint) throw new Error('Invalid configuration: dual-stack and a custom endpoint cannot be combined');
    const url = new URL(String(custom));
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new Error(`Invalid endpoint ${url.href}: only http: and https: are supported`);
    }
    return url;
  }
  if (!/^[a-z0-9-]+$/.test(options.region)) throw new Error(`Invalid region ${JSON.stringify(options.region)}`);
  const china = options.region.startsWith('cn-');
  const suffix = options.useDualstackEndpoint
    ? china ? 'api.amazonwebservices.com.cn' : 'api.aws'
    : china ? 'amazonaws.com.cn' : 'amazonaws.com';
  const prefix = options.useFipsEndpoint ? `${ENDPOINT_PREFIX.replace(/\.wickr$/, '.wickr-fips')}` : ENDPOINT_PREFIX;
  return new URL(`https://${prefix}.${options.region}.${suffix}`);
}

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
