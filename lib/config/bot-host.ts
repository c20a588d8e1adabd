/**
 * What the data-retention bot's EC2 host may be, as pure rules shared by the config validator and
 * the constructs (one set of messages for a config file and for construct props).
 *
 * AWS's admin guide ("Configure data retention for AWS Wickr") recommends, for production, Amazon
 * EC2 with Amazon EBS: at least m8i.large (2 vCPU, 8 GiB), a 1 TB volume and one bot per host.
 */
import type { ConfigProblem } from './errors';

export const BOT_HOST_DEFAULTS = {
  /** AWS's production minimum for the bot: 2 vCPU, 8 GiB. */
  instanceType: 'm8i.large',
  /** AWS's production guidance: a 1 TB volume (1024 GiB). */
  volumeSizeGiB: 1024,
  /** A snapshot of the bot's state every day... */
  snapshotIntervalHours: 24,
  /** ...kept 35 days, as EFS automatic backups keep the Fargate bot's state. */
  snapshotRetainDays: 35,
} as const;

/** The intervals Data Lifecycle Manager schedules snapshots at. */
export const SNAPSHOT_INTERVAL_HOURS = [1, 2, 3, 4, 6, 8, 12, 24] as const;

/** GiB of memory per vCPU of the x86 general-purpose and memory-optimised families the bot may use. */
const MEMORY_PER_VCPU: Record<string, number> = { m: 4, r: 8 };

/** vCPUs of an instance size (`large`, `xlarge`, `4xlarge`, ...), or undefined for smaller or unknown sizes. */
function vcpusOf(size: string): number | undefined {
  if (size === 'large') return 2;
  if (size === 'xlarge') return 4;
  const m = /^(\d+)xlarge$/.exec(size);
  return m ? Number(m[1]) * 4 : undefined;
}

/**
 * An instance type the bot may run on: x86_64 (the bot image is built for amd64), current
 * generation (Nitro, so the volume appears as NVMe), general-purpose (m) or memory-optimised (r)
 * with at least 2 vCPU and 8 GiB; m8i.large is the smallest AWS recommends.
 */
export function checkBotInstanceType(path: string, type: string): ConfigProblem[] {
  const m = /^([a-z]+)(\d+)([a-z-]*)\.([a-z0-9]+)$/.exec(type);
  const allowed = 'm or r families of generation 5 or later, x86 (no g for Graviton), large or bigger: m8i.large (default), m7i.xlarge, r7i.large, m6a.large, ...';
  if (!m) return [{ path, message: 'not an EC2 instance type', got: type, allowed }];
  const [, family, generation, attributes, size] = m;
  const vcpus = vcpusOf(size);
  const perVcpu = MEMORY_PER_VCPU[family];
  if (attributes.includes('g')) return [{ path, message: 'Graviton (arm64) instances cannot run the bot image, which is built for x86_64', got: type, allowed }];
  if (perVcpu === undefined || Number(generation) < 5 || attributes.includes('-flex') || attributes.includes('flex')) {
    return [{ path, message: 'the bot needs a current-generation general-purpose or memory-optimised instance (AWS recommends m8i.large or larger)', got: type, allowed }];
  }
  if (vcpus === undefined || vcpus < 2 || vcpus * perVcpu < 8) {
    return [{ path, message: 'smaller than AWS recommends for the bot in production (2 vCPU and 8 GiB, m8i.large)', got: type, allowed }];
  }
  return [];
}

export function checkBotVolumeSize(path: string, gib: number): ConfigProblem[] {
  if (!Number.isInteger(gib) || gib < BOT_HOST_DEFAULTS.volumeSizeGiB || gib > 16384) {
    return [{ path, message: "the bot's state volume is a gp3 volume of at least the 1 TB AWS recommends", got: gib, allowed: `${BOT_HOST_DEFAULTS.volumeSizeGiB} to 16384 GiB` }];
  }
  return [];
}

export function checkSnapshotSchedule(path: string, intervalHours: number, retainDays: number): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (!(SNAPSHOT_INTERVAL_HOURS as readonly number[]).includes(intervalHours)) {
    problems.push({ path: `${path}.intervalHours`, message: 'Data Lifecycle Manager takes snapshots only at these intervals', got: intervalHours, allowed: SNAPSHOT_INTERVAL_HOURS.join(', ') });
  }
  if (!Number.isInteger(retainDays) || retainDays < 1 || retainDays > 36500 || retainDays * 24 < intervalHours) {
    problems.push({ path: `${path}.retainDays`, message: 'keep each snapshot at least until the next one is taken (1 to 36500 days)', got: retainDays, allowed: `${Math.max(1, Math.ceil(intervalHours / 24))} to 36500` });
  }
  return problems;
}

type Raw = Record<string, unknown>;

/**
 * The host fields of a network's raw `dataRetention` config: each host's fields only with that
 * host, and the EC2 host's values within the rules above.
 */
export function checkBotHostConfig(dr: Raw, path: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const host = dr.host ?? 'ec2';
  const ec2Fields = ['instanceType', 'volumeSizeGiB', 'snapshots'].filter((f) => dr[f] !== undefined);
  const fargateFields = ['cpu', 'memoryMiB'].filter((f) => dr[f] !== undefined);
  if (host === 'fargate') {
    for (const f of ec2Fields) problems.push({ path: `${path}.${f}`, message: 'applies to the EC2 host only; remove it, or set host to ec2', got: dr[f], allowed: 'host: ec2' });
    return problems;
  }
  if (host !== 'ec2') return problems;
  for (const f of fargateFields) {
    problems.push({ path: `${path}.${f}`, message: 'sizes a Fargate task; on the EC2 host (the default) choose instanceType instead, or set host to fargate', got: dr[f], allowed: 'host: fargate' });
  }
  if (typeof dr.instanceType === 'string') problems.push(...checkBotInstanceType(`${path}.instanceType`, dr.instanceType));
  // The volume's size and the snapshots' days have their ranges in the schema, which reports a value
  // outside them at this path already; the rules here add only what a range cannot say.
  const snapshots = dr.snapshots !== null && typeof dr.snapshots === 'object' ? (dr.snapshots as Raw) : undefined;
  if (snapshots) {
    const hours = typeof snapshots.intervalHours === 'number' ? snapshots.intervalHours : BOT_HOST_DEFAULTS.snapshotIntervalHours;
    const days = typeof snapshots.retainDays === 'number' ? snapshots.retainDays : BOT_HOST_DEFAULTS.snapshotRetainDays;
    const inRange = Number.isInteger(days) && days >= 1 && days <= 36500;
    problems.push(...checkSnapshotSchedule(`${path}.snapshots`, hours, days).filter((p) => inRange || !p.path.endsWith('.retainDays')));
  }
  return problems;
}
