/**
 * Cross-field rules the schema cannot express: Regions offer Wickr and respect data residency,
 * identifiers are unique, retention meets the floors. Each rule is a small function that appends
 * problems; `validateConfig` runs them all so every problem is reported in one pass.
 *
 * The rules also run when the schema found problems, so that a user sees schema and cross-field
 * problems together. They then see raw input, so they read values through the guards below and skip
 * anything that is not well-typed (the schema has reported it already).
 */
import { ConfigProblem } from './errors';
import { FARGATE_SIZES, fargateSizeProblems } from './limits';
import { KIT_DEFAULTS, LOG_RETENTION_DAYS, MAX_GROUP_DURATION_SECONDS } from './schema';
import { wickrRegion, wickrRegionCodes } from './regions';
import { DURATION_TEXT, checkGroupPolicy, durationSeconds, groupPolicyFromConfig } from '../../lambda/shared/security-group-props';
import { checkAccounts } from '../../lambda/shared/users-props';
import { MAX_SECURITY_GROUPS_PER_NETWORK } from '../../lambda/shared/plan-tier';
import { analyzeFederation } from './federation-plan';
import { checkRecordsCopies } from './records-copies';
import { checkBotHostConfig } from './bot-host';
import { PER_FINDING_RULES } from './evidence';

type Problems = ConfigProblem[];
type Raw = Record<string, unknown>;

const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);
const num = (x: unknown): number | undefined => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);
const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const rec = (x: unknown): Raw => (x !== null && typeof x === 'object' && !Array.isArray(x) ? (x as Raw) : {});
/** A network's plan as the schema reads it (PREMIUM when left out); undefined when the value is not a plan (the schema reports it). */
const networkPlan = (n: Raw): 'STANDARD' | 'PREMIUM' | undefined => (n.accessLevel === undefined ? 'PREMIUM' : n.accessLevel === 'STANDARD' || n.accessLevel === 'PREMIUM' ? n.accessLevel : undefined);
const strings = (x: unknown): string[] => list(x).filter((v): v is string => typeof v === 'string');
const allowedList = (values: readonly unknown[]) => values.map((v) => String(v)).join(', ');

/** The parts of an agency that decide where it deploys. */
export interface AgencyRegionsInput {
  readonly homeRegion: string;
  readonly networks: readonly { readonly region: string }[];
}

/** Every Region an agency deploys a stack to: its home Region first, then its networks' Regions. */
export function agencyRegions(agency: AgencyRegionsInput): string[] {
  const regions = [agency.homeRegion];
  for (const n of agency.networks) if (!regions.includes(n.region)) regions.push(n.region);
  return regions;
}

function looseAgencyRegions(agency: Raw): string[] {
  const home = str(agency.homeRegion);
  const regions = home ? [home] : [];
  for (const n of list(agency.networks)) {
    const r = str(rec(n).region);
    if (r && !regions.includes(r)) regions.push(r);
  }
  return regions;
}

function checkWickrRegion(problems: Problems, path: string, region: string | undefined): void {
  if (region !== undefined && !wickrRegion(region)) {
    problems.push({
      path,
      message: 'AWS Wickr is not offered in this Region (see docs/regions.md for the catalog and its sources)',
      got: region,
      allowed: allowedList(wickrRegionCodes()),
    });
  }
}

function checkResidency(problems: Problems, path: string, region: string | undefined, agency: Raw, a: string): void {
  const allowed = strings(agency.allowedRegions);
  if (region !== undefined && Array.isArray(agency.allowedRegions) && !allowed.includes(region)) {
    problems.push({
      path,
      message: `Region is outside ${a}.allowedRegions (data residency); add it there only if the agency may hold data in it`,
      got: region,
      allowed: allowed.length > 0 ? allowedList(allowed) : 'none listed',
    });
  }
}

function checkAgencyRegions(problems: Problems, agency: Raw, a: string): void {
  const seen = new Set<string>();
  list(agency.allowedRegions).forEach((r, i) => {
    if (typeof r !== 'string') return;
    if (seen.has(r)) problems.push({ path: `${a}.allowedRegions[${i}]`, message: 'Region is listed twice', got: r });
    seen.add(r);
  });
  checkWickrRegion(problems, `${a}.homeRegion`, str(agency.homeRegion));
  checkResidency(problems, `${a}.homeRegion`, str(agency.homeRegion), agency, a);
  list(agency.networks).forEach((n, i) => {
    const region = str(rec(n).region);
    checkWickrRegion(problems, `${a}.networks[${i}].region`, region);
    checkResidency(problems, `${a}.networks[${i}].region`, region, agency, a);
  });
  const partitions = new Set(looseAgencyRegions(agency).map((r) => wickrRegion(r)?.partition).filter((p) => p !== undefined));
  if (partitions.size > 1) {
    problems.push({
      path: `${a}.networks`,
      message: 'an agency cannot span AWS partitions (commercial and GovCloud need separate accounts); split it into two agencies',
      got: [...partitions],
    });
  }
}

function checkNetworkIdentity(problems: Problems, agency: Raw, a: string): void {
  const ids = new Map<string, number>();
  const names = new Map<string, number>();
  list(agency.networks).forEach((raw, i) => {
    const n = rec(raw);
    const id = str(n.id);
    const prevId = id !== undefined ? ids.get(id) : undefined;
    if (id !== undefined && prevId !== undefined) {
      problems.push({
        path: `${a}.networks[${i}].id`,
        message: `network id is already used by ${a}.networks[${prevId}]; ids must be unique within an agency`,
        got: id,
      });
    } else if (id !== undefined) ids.set(id, i);
    const name = str(n.name);
    const region = str(n.region);
    if (name === undefined || region === undefined) return;
    const key = `${region}/${name}`;
    const prevName = names.get(key);
    if (prevName !== undefined) {
      problems.push({
        path: `${a}.networks[${i}].name`,
        message: `network name is already used in ${region} by ${a}.networks[${prevName}]; Wickr does not make names unique, so the kit does`,
        got: name,
      });
    } else names.set(key, i);
  });
}

function checkRetention(problems: Problems, policy: Raw, agency: Raw, a: string): void {
  const floor = num(policy.minimumRecordsRetentionDays) ?? KIT_DEFAULTS.minimumRecordsRetentionDays;
  const days = num(rec(agency.recordsRetention).days);
  if (days !== undefined && days < floor) {
    problems.push({
      path: `${a}.recordsRetention.days`,
      message: 'records retention is below the floor set in policy.minimumRecordsRetentionDays',
      got: days,
      allowed: `at least ${floor}`,
    });
  }
  const logFloor = num(policy.minimumLogRetentionDays) ?? KIT_DEFAULTS.minimumLogRetentionDays;
  const logDays = num(agency.logRetentionDays);
  const accepted = allowedList(LOG_RETENTION_DAYS.filter((d) => d >= logFloor));
  if (logDays === undefined) return;
  if (!(LOG_RETENTION_DAYS as readonly number[]).includes(logDays)) {
    problems.push({
      path: `${a}.logRetentionDays`,
      message: 'CloudWatch Logs does not accept this retention period',
      got: logDays,
      allowed: accepted,
    });
  } else if (logDays < logFloor) {
    problems.push({
      path: `${a}.logRetentionDays`,
      message: 'log retention is below the floor set in policy.minimumLogRetentionDays (ISM: at least 12 months)',
      got: logDays,
      allowed: accepted,
    });
  }
}

function checkStorage(problems: Problems, agency: Raw, a: string): void {
  const storage = rec(agency.storage);
  const ia = num(storage.transitionToInfrequentAccessDays) ?? 90;
  const glacier = num(storage.transitionToGlacierInstantRetrievalDays) ?? 365;
  if (glacier <= ia) {
    problems.push({
      path: `${a}.storage.transitionToGlacierInstantRetrievalDays`,
      message: 'must come after storage.transitionToInfrequentAccessDays',
      got: glacier,
      allowed: `more than ${ia}`,
    });
  }
  checkResidency(problems, `${a}.storage.replicateTo`, str(storage.replicateTo), agency, a);
  for (const [source, dest] of Object.entries(rec(storage.replicateToByRegion))) checkResidency(problems, `${a}.storage.replicateToByRegion.${source}`, str(dest), agency, a);
  problems.push(...checkRecordsCopies(agency, a));
}

function checkGuardrails(problems: Problems, agency: Raw, a: string): void {
  const trail = rec(rec(agency.guardrails).auditTrail);
  if (trail.enabled !== false && trail.organizationTrail === true && trail.organizationTrailRecordsDataEvents !== true) {
    problems.push({
      path: `${a}.guardrails.auditTrail.organizationTrailRecordsDataEvents`,
      message:
        "with organizationTrail the kit deploys no trail, so the organisation trail must also record S3 data events (object reads and writes) of the agency's records buckets: make it do so and set this to true (the evidence pack lists the buckets), or set organizationTrail to false",
      got: trail.organizationTrailRecordsDataEvents,
      allowed: 'true',
    });
  }
  const pack = rec(rec(agency.guardrails).conformancePack);
  if (pack.enabled !== true) return;
  const uris = strings(pack.templateS3Uris);
  if (uris.length === 0) {
    problems.push({
      path: `${a}.guardrails.conformancePack.templateS3Uris`,
      message: "conformance packs need the S3 URIs of the agency's ACSC ISM templates (the kit does not ship AWS's templates)",
      got: [],
    });
  }
  // AWS Config reads a template only from a bucket in the pack's own Region.
  if (looseAgencyRegions(agency).length > 1) {
    list(pack.templateS3Uris).forEach((u, i) => {
      if (typeof u === 'string' && !u.includes('{region}')) {
        problems.push({
          path: `${a}.guardrails.conformancePack.templateS3Uris[${i}]`,
          message: 'the agency deploys to several Regions and AWS Config reads templates only from the same Region; write {region} in the URI',
          got: u,
        });
      }
    });
  }
}

/** The lost-device runbook acts on networks, and an approval step needs people who can approve. */
function checkLostDeviceRunbook(problems: Problems, agency: Raw, a: string): void {
  const rb = rec(rec(agency.runbooks).lostDevice);
  if (rb.enabled !== true) return;
  const p = `${a}.runbooks.lostDevice`;
  if (list(agency.networks).length === 0) {
    problems.push({ path: `${p}.enabled`, message: 'the lost-device runbook acts on Wickr networks, and this agency declares none', got: true });
  }
  if (rb.allowDelete !== true || rb.approvalRequiredForDelete === false) return;
  const approvers = strings(rb.approvers);
  const minimum = num(rb.minimumApprovals) ?? 1;
  if (approvers.length === 0) {
    problems.push({
      path: `${p}.approvers`,
      message: 'allowDelete with approvalRequiredForDelete needs at least one approver (an IAM user, role or group ARN)',
      got: [],
    });
  } else if (minimum > approvers.length) {
    problems.push({
      path: `${p}.minimumApprovals`,
      message: 'more approvals are required than there are approvers, so no deletion could ever be approved',
      got: minimum,
      allowed: `1..${approvers.length}`,
    });
  }
}

/**
 * Data retention: only PREMIUM networks have it; the alarm for missing records must outlast one
 * upload interval; an existing VPC names one subnet per Availability Zone of the network's Region;
 * an existing bot secret lives in the network's Region; networks of one Region write to different
 * folders of that Region's bucket.
 */
function checkDataRetention(problems: Problems, agency: Raw, a: string): void {
  const folders = new Map<string, string>();
  list(agency.networks).forEach((raw, i) => {
    const n = rec(raw);
    if (n.dataRetention === undefined) return;
    const dr = rec(n.dataRetention);
    const path = `${a}.networks[${i}]`;
    const region = str(n.region);
    if (str(n.accessLevel) === 'STANDARD') {
      problems.push({
        path: `${path}.accessLevel`,
        message: 'data retention is available only on PREMIUM networks; set accessLevel to PREMIUM or remove dataRetention',
        got: 'STANDARD',
        allowed: 'PREMIUM',
      });
    }
    problems.push(...checkBotHostConfig(dr, `${path}.dataRetention`));
    // Fargate only: the same table the bot's task definition is checked against, reported here at the config path.
    const cpu = num(dr.cpu) ?? 2048;
    if (str(dr.host) === 'fargate' && FARGATE_SIZES[cpu] !== undefined) {
      problems.push(...fargateSizeProblems(cpu, num(dr.memoryMiB) ?? 8192, { cpu: `${path}.dataRetention.cpu`, memory: `${path}.dataRetention.memoryMiB` }));
    }
    const rotation = num(dr.fileRotationMinutes) ?? 60;
    const hours = num(dr.noRecordsAlarmHours) ?? 48;
    if (hours * 60 <= rotation) {
      problems.push({
        path: `${path}.dataRetention.noRecordsAlarmHours`,
        message: 'must be longer than fileRotationMinutes, or the alarm fires between two uploads',
        got: hours,
        allowed: `more than ${rotation / 60} hours`,
      });
    }
    const vpc = dr.vpc === undefined ? undefined : rec(dr.vpc);
    if (vpc) {
      const subnets = strings(vpc.subnetIds);
      const azs = strings(vpc.availabilityZones);
      if (Array.isArray(vpc.subnetIds) && Array.isArray(vpc.availabilityZones) && subnets.length !== azs.length) {
        problems.push({
          path: `${path}.dataRetention.vpc.subnetIds`,
          message: 'name one subnet per Availability Zone, in the same order as availabilityZones',
          got: subnets.length,
          allowed: `${azs.length} (one per availability zone)`,
        });
      }
      const routeTables = strings(vpc.routeTableIds);
      if (Array.isArray(vpc.routeTableIds) && Array.isArray(vpc.subnetIds) && routeTables.length !== subnets.length) {
        problems.push({
          path: `${path}.dataRetention.vpc.routeTableIds`,
          message: 'name the route table of each subnet, in the same order as subnetIds',
          got: routeTables.length,
          allowed: `${subnets.length} (one per subnet)`,
        });
      }
      if (vpc.createEndpoints !== false && vpc.routeTableIds === undefined) {
        problems.push({
          path: `${path}.dataRetention.vpc.routeTableIds`,
          message: "the kit adds an S3 gateway endpoint to the subnets' route tables; name them, or set createEndpoints to false if the VPC already has its endpoints",
          got: undefined,
        });
      }
      azs.forEach((az, j) => {
        if (region !== undefined && !az.startsWith(region)) {
          problems.push({ path: `${path}.dataRetention.vpc.availabilityZones[${j}]`, message: `not an Availability Zone of the network's Region ${region}`, got: az });
        }
      });
    }
    const secretArn = str(dr.botSecretArn);
    const secretRegion = secretArn?.split(':')[3];
    if (secretArn !== undefined && region !== undefined && secretRegion !== undefined && secretRegion !== region) {
      problems.push({
        path: `${path}.dataRetention.botSecretArn`,
        message: "the bot reads its secret in the network's Region; use a secret in that Region",
        got: secretRegion,
        allowed: region,
      });
    }
    const folder = str(dr.storageFolder) ?? str(n.id);
    if (folder !== undefined && region !== undefined) {
      const key = `${region}/${folder}`;
      const other = folders.get(key);
      if (other !== undefined) {
        problems.push({
          path: `${path}.dataRetention.storageFolder`,
          message: `${other} already writes its records to this folder of the ${region} bucket; give each network its own folder`,
          got: folder,
        });
      } else folders.set(key, path);
    }
  });
}

/**
 * Security groups, SSO, users and bots of each network. The group rules are the same functions the
 * SecurityGroup construct runs (lambda/shared/security-group-props.ts), applied to the raw entry.
 */
function checkNetworkAccess(problems: Problems, agency: Raw, a: string): void {
  list(agency.networks).forEach((raw, i) => {
    const n = rec(raw);
    const at = `${a}.networks[${i}]`;
    const hasSso = n.sso !== undefined && n.sso !== null && typeof n.sso === 'object';
    const groups = list(n.securityGroups).map(rec);
    const names = new Map<string, number>();
    let defaultAt: number | undefined;
    groups.forEach((g, j) => {
      const gAt = `${at}.securityGroups[${j}]`;
      const name = str(g.name);
      if (name !== undefined) {
        const prev = names.get(name);
        if (prev !== undefined) problems.push({ path: `${gAt}.name`, message: `group name is already used by ${at}.securityGroups[${prev}]; the kit identifies groups by name, so names are unique per network`, got: name });
        else names.set(name, j);
      }
      if (g.default === true) {
        if (defaultAt !== undefined) problems.push({ path: `${gAt}.default`, message: `${at}.securityGroups[${defaultAt}] is already the default group; a network has one`, got: true });
        else defaultAt = j;
        if (g.removalPolicy === 'destroy') problems.push({ path: `${gAt}.removalPolicy`, message: "the network's default group can never be deleted; remove removalPolicy from it", got: 'destroy' });
      }
      for (const field of ['maxTtl', 'maxBor'] as const) {
        // Numbers are bounded by the schema; durations written with a unit are bounded here.
        const text = str(g[field]);
        const seconds = text !== undefined && DURATION_TEXT.test(text) ? durationSeconds(text) : undefined;
        if (seconds !== undefined && seconds > MAX_GROUP_DURATION_SECONDS) {
          problems.push({ path: `${gAt}.${field}`, message: 'is longer than Wickr offers', got: text, allowed: `0 to ${MAX_GROUP_DURATION_SECONDS} seconds (365d)` });
        }
      }
      for (const p of checkGroupPolicy(groupPolicyFromConfig(g), { ssoConfigured: hasSso, accessLevel: networkPlan(n) })) {
        // The value as the config wrote it (`7d`, `LOW_QUALITY`), where the rule saw it in the policy's units.
        const written = p.field.split('.').reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Raw)[k] : undefined), g);
        const got = written !== undefined && typeof written !== 'object' ? written : p.got;
        problems.push({ path: `${gAt}.${p.field}`, message: p.message, ...('got' in p ? { got } : {}), ...(p.allowed !== undefined ? { allowed: p.allowed } : {}) });
      }
    });
    // The network's default group exists whether or not the config names it.
    const groupCount = groups.length + (defaultAt === undefined ? 1 : 0);
    if (groupCount > MAX_SECURITY_GROUPS_PER_NETWORK) {
      problems.push({
        path: `${at}.securityGroups`,
        message: `a Wickr network holds at most ${MAX_SECURITY_GROUPS_PER_NETWORK} security groups, its default group included; merge groups or split them across networks`,
        got: `${groupCount} groups${defaultAt === undefined ? ' (with the default group)' : ''}`,
        allowed: `at most ${MAX_SECURITY_GROUPS_PER_NETWORK}`,
      });
    }
    const users = list(n.users).map(rec);
    const bots = list(n.bots).map(rec);
    if (hasSso && users.length > 0) {
      problems.push({ path: `${at}.users`, message: 'this network signs users in with SSO, so its IdP provisions the users; remove users (bots may stay) or remove sso', got: `${users.length} users` });
    }
    for (const p of checkAccounts({ users, bots, groupNames: [...names.keys()] })) {
      problems.push({ path: `${at}.${p.field}`, message: p.message, ...('got' in p ? { got: p.got } : {}), ...(p.allowed !== undefined ? { allowed: p.allowed } : {}) });
    }
    const sso = rec(n.sso);
    if (hasSso && Array.isArray(sso.scopes) && !sso.scopes.includes('openid')) {
      problems.push({ path: `${at}.sso.scopes`, message: 'OpenID Connect needs the openid scope; add it', got: sso.scopes });
    }
  });
}

function checkAcrossAgencies(problems: Problems, agencies: Raw[]): void {
  const ids = new Map<string, number>();
  const names = new Map<string, { owner: number; path: string }>();
  agencies.forEach((agency, i) => {
    const id = str(agency.id);
    const prev = id !== undefined ? ids.get(id) : undefined;
    if (id !== undefined && prev !== undefined) {
      problems.push({ path: `agencies[${i}].id`, message: `agency id is already used by agencies[${prev}]`, got: id });
    } else if (id !== undefined) ids.set(id, i);
    list(agency.networks).forEach((raw, j) => {
      const n = rec(raw);
      const name = str(n.name);
      const region = str(n.region);
      if (name === undefined || region === undefined) return;
      // Agencies in the same account (or all account-agnostic) share each Region's name space.
      const key = `${str(agency.account) ?? 'default-account'}/${region}/${name}`;
      const other = names.get(key);
      if (other === undefined) names.set(key, { owner: i, path: `agencies[${i}].networks[${j}]` });
      else if (other.owner !== i) {
        problems.push({
          path: `agencies[${i}].networks[${j}].name`,
          message: `network name is already used in ${region} of the same account by ${other.path}`,
          got: name,
        });
      }
    });
  });
}

/** The partition of a Region code, for Regions outside the Wickr catalog too (the pipeline's). */
function partitionOf(region: string): string {
  return region.startsWith('us-gov-') ? 'aws-us-gov' : region.startsWith('cn-') ? 'aws-cn' : 'aws';
}

/**
 * The pipeline (docs/operators/scale-out.md) deploys each agency into its own account through that
 * account's CDK bootstrap roles, in the pipeline's partition, and its synth step reads the config
 * from the repository.
 */
function checkPipeline(problems: Problems, root: Raw, agencies: Raw[]): void {
  if (root.pipeline === undefined) return;
  const pipeline = rec(root.pipeline);
  if (pipeline.enabled === false) return;
  agencies.forEach((agency, i) => {
    if (agency.account === undefined) {
      problems.push({
        path: `agencies[${i}].account`,
        message: "the pipeline deploys each agency into its own account through that account's CDK bootstrap roles; name the account (12 digits), or set pipeline.enabled to false",
        got: undefined,
      });
    }
  });
  const region = str(pipeline.region);
  if (region !== undefined) {
    const partition = partitionOf(region);
    agencies.forEach((agency, i) => {
      const other = looseAgencyRegions(agency).find((r) => partitionOf(r) !== partition);
      if (other !== undefined) {
        problems.push({
          path: `agencies[${i}]`,
          message: `deploys to ${other}, outside the partition of pipeline.region (${partition}); a pipeline cannot deploy across partitions: give these agencies a pipeline of their own`,
          got: other,
        });
      }
    });
  }
  const configPath = str(pipeline.configPath);
  if (configPath !== undefined && (/^([A-Za-z]:)?[\\/]/.test(configPath) || configPath.split(/[\\/]/).includes('..'))) {
    problems.push({
      path: 'pipeline.configPath',
      message: 'the synth step runs in a checkout of the repository: give the config path relative to the repository root, without ..',
      got: configPath,
    });
  }
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Risk acceptances: one id each, a finding for per-finding rules, Regions of the agency, a review after the approval. */
function checkRiskAcceptances(problems: Problems, agency: Raw, a: string): void {
  const seen = new Set<string>();
  const regions = looseAgencyRegions(agency);
  list(agency.riskAcceptances).forEach((x, i) => {
    const ra = rec(x);
    const at = `${a}.riskAcceptances[${i}]`;
    const id = str(ra.id);
    if (id !== undefined) {
      if (seen.has(id)) problems.push({ path: `${at}.id`, message: 'risk acceptance ids must be unique within the agency', got: id });
      seen.add(id);
    }
    const rule = str(ra.rule);
    if (rule !== undefined && PER_FINDING_RULES.includes(rule) && ra.finding === undefined) {
      problems.push({
        path: `${at}.finding`,
        message: `${rule} reports one finding per wildcard: name the finding accepted (as the nag report prints it after the rule id, e.g. Resource::*), so that no other wildcard is accepted unseen`,
      });
    }
    if (rule !== undefined && !PER_FINDING_RULES.includes(rule) && ra.finding !== undefined) {
      problems.push({ path: `${at}.finding`, message: `${rule} does not report findings; remove finding`, got: ra.finding, allowed: `finding only for ${PER_FINDING_RULES.join(', ')}` });
    }
    strings(ra.regions).forEach((r, j) => {
      if (!regions.includes(r)) problems.push({ path: `${at}.regions[${j}]`, message: 'the agency has no stack in this Region', got: r, allowed: allowedList(regions) });
    });
    const approvedOn = str(ra.approvedOn);
    const reviewBy = str(ra.reviewBy);
    if (approvedOn !== undefined && reviewBy !== undefined && ISO_DAY.test(approvedOn) && ISO_DAY.test(reviewBy) && reviewBy <= approvedOn) {
      problems.push({ path: `${at}.reviewBy`, message: 'the review date must come after the approval date', got: reviewBy, allowed: `a date after ${approvedOn}` });
    }
  });
}


/**
 * The risk acceptances of a parsed config whose dates do not hold on `today` (YYYY-MM-DD): a review
 * date already past (the acceptance has expired), or an approval dated in the future. Kept apart
 * from `validateConfig` because the answer changes with the date: the app turns these into
 * failures in strict mode and into warnings otherwise, with the date from its clock.
 */
export function riskAcceptanceReviewProblems(config: unknown, today: string): ConfigProblem[] {
  const problems: Problems = [];
  list(rec(config).agencies).map(rec).forEach((agency, i) => {
    list(agency.riskAcceptances).map(rec).forEach((ra, j) => {
      const at = `agencies[${i}].riskAcceptances[${j}]`;
      const reviewBy = str(ra.reviewBy);
      const approvedOn = str(ra.approvedOn);
      if (reviewBy !== undefined && reviewBy < today) {
        problems.push({
          path: `${at}.reviewBy`,
          message: `risk acceptance "${str(ra.id) ?? j}" is past its review date: review it with its approver and set a new reviewBy (or remove it and fix the finding)`,
          got: reviewBy,
          allowed: `${today} or later`,
        });
      }
      if (approvedOn !== undefined && approvedOn > today) {
        problems.push({ path: `${at}.approvedOn`, message: `risk acceptance "${str(ra.id) ?? j}" is dated in the future; give the date it was approved`, got: approvedOn, allowed: `${today} or earlier` });
      }
    });
  });
  return problems;
}

/**
 * Runs every cross-field rule on a parsed config, or on raw input that failed the schema.
 * Returns all problems found (empty when the config is sound).
 */
export function validateConfig(config: unknown): ConfigProblem[] {
  const problems: Problems = [];
  const root = rec(config);
  const policy = rec(root.policy);
  const agencies = list(root.agencies).map(rec);
  agencies.forEach((agency, i) => {
    const a = `agencies[${i}]`;
    checkAgencyRegions(problems, agency, a);
    checkNetworkIdentity(problems, agency, a);
    checkRetention(problems, policy, agency, a);
    checkStorage(problems, agency, a);
    checkGuardrails(problems, agency, a);
    checkLostDeviceRunbook(problems, agency, a);
    checkDataRetention(problems, agency, a);
    checkNetworkAccess(problems, agency, a);
    checkRiskAcceptances(problems, agency, a);
  });
  checkAcrossAgencies(problems, agencies);
  checkPipeline(problems, root, agencies);
  problems.push(...analyzeFederation(config).problems);
  return problems;
}
