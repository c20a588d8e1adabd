/**
 * The AWS Regions where AWS Wickr's admin API is offered, with where we learnt each one.
 *
 * The config validator rejects any Region that is not here, so an agency cannot declare a network
 * where the service does not exist. Add a Region only with a source; mark it `verified: false`
 * when the only source is secondary, so the next maintainer knows what to check.
 */

/** Where a catalog entry comes from. */
export interface RegionSource {
  /** A public document or file that names the Region as offering Wickr. */
  readonly url: string;
  /** What that source is and what it shows. */
  readonly note: string;
}

export interface WickrRegion {
  /** The Region code, e.g. `ap-southeast-2`. */
  readonly region: string;
  /** A human name for reports, e.g. `Asia Pacific (Sydney)`. */
  readonly name: string;
  /** The AWS partition. */
  readonly partition: 'aws' | 'aws-us-gov';
  /** The admin API host in this Region. */
  readonly adminEndpoint: string;
  /**
   * Availability Zones the kit uses for VPCs in this Region. Listing them avoids a context lookup,
   * so synth needs no AWS credentials. AZ names are account-independent for these suffixes.
   */
  readonly availabilityZones: readonly string[];
  /** True when the primary source (the AWS General Reference endpoints page) lists the Region. */
  readonly verified: boolean;
  readonly sources: readonly RegionSource[];
}

const GR_PAGE: RegionSource = {
  url: 'https://docs.aws.amazon.com/general/latest/gr/wickr.html',
  note: 'AWS General Reference, "AWS Wickr endpoints and quotas": lists admin.wickr.<region>.amazonaws.com',
};
const SECONDARY: RegionSource = {
  url: 'https://github.com/hashicorp/terraform-provider-aws (internal/service/wickr acceptance-test Region list)',
  note: 'Secondary source: a Terraform provider test list of Wickr Regions; not yet confirmed on the endpoints page',
};
const GOVCLOUD: RegionSource = {
  url: 'https://docs.aws.amazon.com/wickr/latest/adminguide/what-is-wickr.html#regional-availability',
  note: 'AWS Wickr Administration Guide, regional availability: "also available in AWS GovCloud (US-West)"',
};

function entry(
  region: string,
  name: string,
  verified: boolean,
  sources: readonly RegionSource[],
  azSuffixes: readonly string[] = ['a', 'b', 'c'],
): WickrRegion {
  const partition = region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
  return {
    region,
    name,
    partition,
    adminEndpoint: `admin.wickr.${region}.amazonaws.com`,
    availabilityZones: azSuffixes.map((s) => `${region}${s}`),
    verified,
    sources,
  };
}

/** Every Region the kit accepts, keyed by Region code. */
export const WICKR_REGIONS: Readonly<Record<string, WickrRegion>> = Object.fromEntries(
  [
    entry('us-east-1', 'US East (N. Virginia)', true, [GR_PAGE, SECONDARY]),
    entry('ap-southeast-5', 'Asia Pacific (Malaysia)', true, [GR_PAGE, SECONDARY]),
    entry('ap-southeast-1', 'Asia Pacific (Singapore)', true, [GR_PAGE, SECONDARY]),
    entry('ap-southeast-2', 'Asia Pacific (Sydney)', true, [GR_PAGE, SECONDARY]),
    entry('ap-northeast-1', 'Asia Pacific (Tokyo)', true, [GR_PAGE, SECONDARY], ['a', 'c', 'd']),
    entry('ca-central-1', 'Canada (Central)', true, [GR_PAGE, SECONDARY], ['a', 'b', 'd']),
    entry('eu-central-1', 'Europe (Frankfurt)', false, [SECONDARY]),
    entry('eu-central-2', 'Europe (Zurich)', false, [SECONDARY]),
    entry('eu-west-2', 'Europe (London)', false, [SECONDARY]),
    entry('eu-north-1', 'Europe (Stockholm)', false, [SECONDARY]),
    entry('me-central-1', 'Middle East (UAE)', false, [SECONDARY]),
    entry('us-gov-west-1', 'AWS GovCloud (US-West)', false, [GOVCLOUD, SECONDARY]),
  ].map((r) => [r.region, r]),
);

/** The catalog entry for a Region, or undefined when Wickr is not offered there. */
export function wickrRegion(region: string): WickrRegion | undefined {
  return Object.prototype.hasOwnProperty.call(WICKR_REGIONS, region) ? WICKR_REGIONS[region] : undefined;
}

/** Region codes in catalog order, for "allowed" lists in error messages. */
export function wickrRegionCodes(): string[] {
  return Object.keys(WICKR_REGIONS);
}

/**
 * Regions where the kit may keep a copy of records without offering Wickr there: a replication
 * destination gets a records-only stack (replica bucket, key, access logs, trail), never a network.
 * An Australian agency keeps Sydney's records a second time in Melbourne, for one. Add a Region only
 * with a source.
 */
export interface StorageRegion {
  readonly region: string;
  readonly name: string;
  readonly partition: 'aws' | 'aws-us-gov';
  /** False: storage only (no Wickr in this Region). True: also in the Wickr catalog. */
  readonly wickr: boolean;
  readonly sources: readonly RegionSource[];
}

const S3_ENDPOINTS: RegionSource = {
  url: 'https://docs.aws.amazon.com/general/latest/gr/s3.html',
  note: 'AWS General Reference, "Amazon Simple Storage Service endpoints and quotas": lists s3.<region>.amazonaws.com (S3 Object Lock and replication are S3 features of every Region)',
};

function storageOnly(region: string, name: string): StorageRegion {
  return { region, name, partition: region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws', wickr: false, sources: [S3_ENDPOINTS] };
}

/** Storage-only Regions, keyed by Region code (none of them offers Wickr). */
export const STORAGE_ONLY_REGIONS: Readonly<Record<string, StorageRegion>> = Object.fromEntries(
  [
    storageOnly('ap-southeast-4', 'Asia Pacific (Melbourne)'),
    storageOnly('ap-northeast-3', 'Asia Pacific (Osaka)'),
    storageOnly('ca-west-1', 'Canada West (Calgary)'),
    storageOnly('eu-west-1', 'Europe (Ireland)'),
    storageOnly('us-east-2', 'US East (Ohio)'),
    storageOnly('us-west-2', 'US West (Oregon)'),
    storageOnly('us-gov-east-1', 'AWS GovCloud (US-East)'),
  ].map((r) => [r.region, r]),
);

/** Where the kit may keep records: a Wickr Region (full stack) or a storage-only Region (records stack). */
export function storageRegion(region: string): StorageRegion | undefined {
  const wickr = wickrRegion(region);
  if (wickr) return { region, name: wickr.name, partition: wickr.partition, wickr: true, sources: wickr.sources };
  return Object.prototype.hasOwnProperty.call(STORAGE_ONLY_REGIONS, region) ? STORAGE_ONLY_REGIONS[region] : undefined;
}

/** Region codes where records may be kept, Wickr Regions first, for "allowed" lists in error messages. */
export function storageRegionCodes(): string[] {
  return [...wickrRegionCodes(), ...Object.keys(STORAGE_ONLY_REGIONS)];
}
