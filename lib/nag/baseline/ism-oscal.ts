/**
 * Reads the ASD's OSCAL edition of the ISM from a folder the user supplies (`-c ismOscal=<folder>`
 * or `evidence.ismOscal` in the config): `ISM_catalog.json` and the `ISM_<LEVEL>-baseline_profile.json`
 * files, exactly as published at https://www.cyber.gov.au/ism/oscal.
 *
 * Only what the evidence pack needs is kept: each control's id, class and the titles of the groups
 * it sits under (guideline, section, topic), the release from the catalog's metadata, and each
 * profile's list of ids. Control statements are not kept (the ISM's wording stays in the ISM).
 *
 * Read only when nag runs and a folder is given: synth without it never opens the 2.5 MB catalog.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigProblem, KitConfigError } from '../../config/errors';
import { CATALOG_FILE_NAME, ProfileLevel, profileFileName } from './types';

/** Where the ASD publishes the OSCAL edition, for messages. */
export const ISM_OSCAL_HOME = 'https://www.cyber.gov.au/ism/oscal';

export interface CatalogControl {
  /** As the catalog writes it: `ism-0459`, `ism-principle-gov-01`. */
  readonly oscalId: string;
  /** `ISM-control` or `ISM-principle`. */
  readonly class: string;
  /** The titles of the groups the control sits under, outermost first. */
  readonly guideline: string;
  readonly section: string;
  readonly topic: string;
  /** The id of the control's statement part (`ism-0459_smt`), the target of an assessment finding. */
  readonly statementId?: string;
}

export interface IsmOscalFile {
  /** The file name in the folder. */
  readonly file: string;
  /** SHA-256 of the bytes read, hex. */
  readonly sha256: string;
  /** The canonical JSON address the document gives for itself, when it does. */
  readonly href?: string;
}

export interface IsmCatalog extends IsmOscalFile {
  readonly title: string;
  /** The OSCAL artefact version, e.g. `2025.12.9`. */
  readonly version: string;
  /** The ISM release, e.g. `December 2025`, from the version (or the publication date). */
  readonly release: string;
  readonly published?: string;
  readonly controls: ReadonlyMap<string, CatalogControl>;
}

export interface IsmProfile extends IsmOscalFile {
  readonly level: ProfileLevel;
  readonly title: string;
  readonly version?: string;
  /** The ids the profile selects, in its order (`ism-0459`, ...). */
  readonly ids: readonly string[];
}

export interface IsmOscal {
  /** The folder, as given. */
  readonly folder: string;
  readonly catalog: IsmCatalog;
  readonly profiles: ReadonlyMap<ProfileLevel, IsmProfile>;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `2025.12.9` → `December 2025`; else the month of `published`; else the version itself. */
export function releaseName(version: string, published?: string): string {
  const m = /^(\d{4})\.(\d{1,2})\./.exec(version);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return `${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
  const d = published ? new Date(published) : undefined;
  if (d && !Number.isNaN(d.getTime())) return `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  return version;
}

type Json = Record<string, unknown>;
const obj = (x: unknown): Json => (x !== null && typeof x === 'object' && !Array.isArray(x) ? (x as Json) : {});
const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);

/**
 * Reads the catalog and the profiles of `levels` from `folder`. Throws `KitConfigError` naming the
 * file and what to do when the folder, a file or its shape is not what the ASD publishes.
 *
 * @param source how the folder was given, for messages (`-c ismOscal` or a config path)
 */
export function readIsmOscal(folder: string, levels: readonly ProfileLevel[], source = '-c ismOscal'): IsmOscal {
  const problems: ConfigProblem[] = [];
  const catalogDoc = readJson(folder, CATALOG_FILE_NAME, problems);
  const profileDocs = [...new Set(levels)].map((level) => [level, readJson(folder, profileFileName(level), problems)] as const);
  const catalog = catalogDoc && parseCatalog(catalogDoc, problems);
  const profiles = new Map<ProfileLevel, IsmProfile>();
  for (const [level, doc] of profileDocs) {
    const p = doc && parseProfile(level, doc, problems);
    if (p) profiles.set(level, p);
  }
  if (catalog) {
    for (const p of profiles.values()) {
      const unknown = p.ids.filter((id) => !catalog.controls.has(id));
      if (unknown.length > 0) {
        problems.push({
          path: p.file,
          message: `selects ${unknown.length} id(s) the catalog does not have: the profile and the catalog are from different releases; take both from the same release at ${ISM_OSCAL_HOME}`,
          got: unknown.slice(0, 5).join(', '),
        });
      }
    }
  }
  if (problems.length > 0 || !catalog) throw new KitConfigError(`${source} ${folder}`, problems);
  return { folder, catalog, profiles };
}

function readJson(folder: string, file: string, problems: ConfigProblem[]): { doc: Json; sha256: string; file: string } | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(folder, file));
  } catch (e) {
    const code = (e as { code?: string }).code ?? 'error';
    problems.push({
      path: file,
      message: `cannot read it (${code}); the folder must hold the ASD's ${CATALOG_FILE_NAME} and ISM_<LEVEL>-baseline_profile.json files as published at ${ISM_OSCAL_HOME}`,
    });
    return undefined;
  }
  try {
    return { doc: obj(JSON.parse(bytes.toString('utf8'))), sha256: createHash('sha256').update(bytes).digest('hex'), file };
  } catch (e) {
    problems.push({ path: file, message: `is not JSON (${(e as Error).message.split('\n')[0]}); download the JSON edition again from ${ISM_OSCAL_HOME}` });
    return undefined;
  }
}

/** The JSON address a document's `rel=canonical` link points to, through its back-matter. */
function canonicalHref(root: Json): string | undefined {
  const canonical = arr(obj(root.metadata).links).map(obj).find((l) => l.rel === 'canonical');
  const uuid = str(canonical?.href)?.replace(/^#/, '');
  const resource = arr(obj(root['back-matter']).resources).map(obj).find((r) => r.uuid === uuid);
  const rlinks = arr(resource?.rlinks).map(obj);
  return str((rlinks.find((l) => l['media-type'] === 'application/json') ?? rlinks.find((l) => /\.json$/.test(str(l.href) ?? '')))?.href);
}

function parseCatalog(read: { doc: Json; sha256: string; file: string }, problems: ConfigProblem[]): IsmCatalog | undefined {
  const root = obj(read.doc.catalog);
  const metadata = obj(root.metadata);
  const version = str(metadata.version);
  if (!version || !Array.isArray(root.groups)) {
    problems.push({ path: read.file, message: 'is not an OSCAL catalog (no catalog.metadata.version or catalog.groups); use the ASD\'s ISM_catalog.json', got: Object.keys(read.doc).join(', ') });
    return undefined;
  }
  const controls = new Map<string, CatalogControl>();
  // Guideline → section → topic → controls, as the ASD publishes it; any other depth is walked the
  // same way, the outermost three titles naming the place.
  const walk = (group: Json, titles: readonly string[]) => {
    for (const c of arr(group.controls).map(obj)) {
      const oscalId = str(c.id);
      if (!oscalId) continue;
      const statement = arr(c.parts).map(obj).find((p) => p.name === 'statement');
      controls.set(oscalId, {
        oscalId,
        class: str(c.class) ?? 'ISM-control',
        guideline: titles[0] ?? '',
        section: titles[1] ?? '',
        topic: titles[titles.length - 1] ?? '',
        statementId: str(statement?.id),
      });
    }
    for (const g of arr(group.groups).map(obj)) walk(g, [...titles, str(g.title) ?? '']);
  };
  walk(root, []);
  const published = str(metadata.published);
  return {
    file: read.file,
    sha256: read.sha256,
    href: canonicalHref(root),
    title: str(metadata.title) ?? 'Information security manual',
    version,
    release: releaseName(version, published),
    published,
    controls,
  };
}

function parseProfile(level: ProfileLevel, read: { doc: Json; sha256: string; file: string }, problems: ConfigProblem[]): IsmProfile | undefined {
  const root = obj(read.doc.profile);
  const ids = arr(root.imports)
    .map(obj)
    .flatMap((i) => arr(i['include-controls']).map(obj))
    .flatMap((inc) => arr(inc['with-ids']).map(str))
    .filter((x): x is string => x !== undefined);
  if (ids.length === 0) {
    problems.push({ path: read.file, message: 'is not an OSCAL baseline profile (no profile.imports[].include-controls[].with-ids); use the ASD\'s profile file', got: Object.keys(read.doc).join(', ') });
    return undefined;
  }
  const metadata = obj(root.metadata);
  return {
    level,
    file: read.file,
    sha256: read.sha256,
    href: canonicalHref(root),
    title: str(metadata.title) ?? `ISM ${level} baseline`,
    version: str(metadata.version),
    ids: [...new Set(ids)],
  };
}
