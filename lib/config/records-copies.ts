/**
 * Where each Region's records are kept a second time, worked out from the config, and the rules
 * that keep it sound. Shared by the validator (problems with config paths), the stack composition
 * (which stacks exist and depend on which) and the pipeline plan (which Stage deploys first).
 *
 * - `storage.replicateTo`: every Region's records bucket replicates into this Region's, except the
 *   destination itself (the posts' records kept at home).
 * - `storage.replicateToByRegion`: per Region, where its records go instead (the home Region's own
 *   second copy, for one: `{ ap-southeast-2: ap-southeast-4 }`).
 * - A destination where the agency has no network and which is not its home Region gets a
 *   records-only stack (`WickrKit-<agency>-<region>-records`): replica bucket, key, access logs and
 *   trail. It may be a Region without Wickr (`STORAGE_ONLY_REGIONS`), but always one of the
 *   agency's `allowedRegions`.
 */
import type { ConfigProblem } from './errors';
import { storageRegion, storageRegionCodes, wickrRegion } from './regions';

/** The parts of an agency that decide where its records go. */
export interface RecordsCopiesInput {
  readonly homeRegion: string;
  readonly networks: readonly { readonly region: string }[];
  readonly storage: { readonly replicateTo?: string; readonly replicateToByRegion?: Readonly<Record<string, string>> };
}

/** Every Region an agency deploys a full stack to: its home Region first, then its networks' Regions. */
function fullStackRegions(agency: Pick<RecordsCopiesInput, 'homeRegion' | 'networks'>): string[] {
  const regions = [agency.homeRegion];
  for (const n of agency.networks) if (!regions.includes(n.region)) regions.push(n.region);
  return regions;
}

/** Where a Region's records bucket replicates to, or undefined when it keeps no second copy. */
export function replicationDestination(agency: RecordsCopiesInput, region: string): string | undefined {
  const own = agency.storage.replicateToByRegion?.[region];
  // A Region named as its own destination is refused by the validator; it keeps no copy.
  if (own !== undefined) return own === region ? undefined : own;
  const { replicateTo } = agency.storage;
  return replicateTo !== undefined && replicateTo !== region ? replicateTo : undefined;
}

/** Destinations of the agency's replication that get a records-only stack, in first-use order. */
export function recordsOnlyRegions(agency: RecordsCopiesInput): string[] {
  const full = fullStackRegions(agency);
  const regions: string[] = [];
  for (const region of full) {
    const dest = replicationDestination(agency, region);
    if (dest !== undefined && !full.includes(dest) && !regions.includes(dest)) regions.push(dest);
  }
  return regions;
}

type Raw = Record<string, unknown>;
const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);
const rec = (x: unknown): Raw => (x !== null && typeof x === 'object' && !Array.isArray(x) ? (x as Raw) : {});

/**
 * The records-copy rules, on raw (possibly schema-invalid) agency input: destinations are places the
 * kit can keep records, inside the agency's partition; `replicateToByRegion` names Regions the
 * agency has records in; no Region replicates into itself; no two Regions replicate into each other
 * (each stack would wait for the other). Residency (allowedRegions) is checked by the caller.
 */
export function checkRecordsCopies(agency: Raw, a: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const home = str(agency.homeRegion);
  const networks = (Array.isArray(agency.networks) ? agency.networks : []).map((n) => ({ region: str(rec(n).region) ?? '' })).filter((n) => n.region !== '');
  if (home === undefined) return problems;
  const storage = rec(agency.storage);
  const byRegion = rec(storage.replicateToByRegion);
  const input: RecordsCopiesInput = {
    homeRegion: home,
    networks,
    storage: {
      replicateTo: str(storage.replicateTo),
      replicateToByRegion: Object.fromEntries(Object.entries(byRegion).filter((e): e is [string, string] => typeof e[1] === 'string')),
    },
  };
  const full = fullStackRegions(input);
  const partition = wickrRegion(home)?.partition;
  const destination = (path: string, region: string) => {
    const where = storageRegion(region);
    if (!where) {
      problems.push({
        path,
        message: 'the kit cannot keep records in this Region (see docs/regions.md for the Regions that may hold a copy of records)',
        got: region,
        allowed: storageRegionCodes().join(', '),
      });
    } else if (partition !== undefined && where.partition !== partition) {
      problems.push({ path, message: `records cannot be replicated across AWS partitions (the agency is in ${partition})`, got: region });
    }
  };
  if (input.storage.replicateTo !== undefined) destination(`${a}.storage.replicateTo`, input.storage.replicateTo);
  for (const [source, dest] of Object.entries(input.storage.replicateToByRegion ?? {})) {
    const path = `${a}.storage.replicateToByRegion.${source}`;
    if (!full.includes(source)) {
      problems.push({
        path,
        message: "names a Region where the agency keeps no records of its own (only its home Region and its networks' Regions have a records bucket that replicates)",
        got: source,
        allowed: full.join(', '),
      });
      continue;
    }
    if (dest === source) {
      problems.push({ path, message: 'a Region cannot replicate its records into itself; name another of the agency\'s allowed Regions', got: dest });
      continue;
    }
    destination(path, dest);
  }
  // Regions with full stacks replicating round in a circle would each have to deploy first.
  const reported = new Set<string>();
  for (const start of full) {
    const chain = [start];
    for (let next = replicationDestination(input, start); next !== undefined && full.includes(next) && chain.length <= full.length; next = replicationDestination(input, next)) {
      if (next === start) {
        const key = [...chain].sort().join(',');
        if (!reported.has(key)) {
          reported.add(key);
          problems.push({
            path: `${a}.storage`,
            message: `${chain.join(', ')} replicate into each other in a circle, so no stack could deploy first (each needs its destination's bucket); send one of them to a Region outside the circle`,
            got: [...chain, start].join(' → '),
          });
        }
        break;
      }
      if (chain.includes(next)) break;
      chain.push(next);
    }
  }
  return problems;
}
