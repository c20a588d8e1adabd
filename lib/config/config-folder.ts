/**
 * A folder of agency configs, merged into one config (`-c config=<folder>`), so an operator with
 * many agencies keeps one file per agency (or per team) and validates them all together.
 *
 * How the files merge (every `*.yaml`, `*.yml` and `*.json` directly in the folder, in name order):
 *
 * - `agencies`: concatenated, in file order.
 * - `federation.links`, `federation.partners`, `federation.groups`: concatenated; any other
 *   `federation` field follows the rule for single-valued fields below.
 * - `version`, `policy`, `pipeline` and any other top-level field: single-valued. Set it in one
 *   file, or set the same value in several; different values are a problem naming both files.
 * - `$schema` is for editors and is ignored.
 *
 * Problems found after merging carry the file and the path inside that file
 * (`agencies/dea.yaml:agencies[0].networks[1].name: ...`), so the user edits the right file.
 */
import { isDeepStrictEqual } from 'node:util';
import { ConfigProblem } from './errors';

/** File names the folder loader reads. */
export const CONFIG_FILE_PATTERN = /\.(ya?ml|json)$/i;

/** A parsed config file of the folder. */
export interface ConfigFolderFile {
  /** The path to show in messages. */
  readonly path: string;
  /** The parsed document (a mapping, or anything else, which is a problem). */
  readonly document: unknown;
}

export interface MergedConfig {
  /** The merged document, to validate like a single file. */
  readonly document: Record<string, unknown>;
  /** Problems of the merge itself (conflicting single-valued fields, files that are not mappings). */
  readonly problems: ConfigProblem[];
  /** Maps a problem found in the merged document to its file and the path in that file. */
  locate(problem: ConfigProblem): ConfigProblem;
}

const LISTS = ['agencies'] as const;
const FEDERATION_LISTS = ['links', 'partners', 'groups'] as const;

interface Origin {
  readonly file: string;
  readonly index: number;
}

/** Merges the parsed files of a folder (in the order given) into one config document. */
export function mergeConfigFiles(files: readonly ConfigFolderFile[], folder: string): MergedConfig {
  const problems: ConfigProblem[] = [];
  const document: Record<string, unknown> = {};
  const lists: Record<string, unknown[]> = {};
  const origins = new Map<string, Origin[]>();
  const singleSetBy = new Map<string, string>();
  const federation: Record<string, unknown> = {};

  const append = (key: string, items: unknown, file: string, path: string) => {
    if (!Array.isArray(items)) {
      problems.push({ source: file, path, message: 'must be a list (files in a folder are merged list by list)', got: items });
      return;
    }
    lists[key] ??= [];
    origins.set(key, origins.get(key) ?? []);
    items.forEach((item, index) => {
      lists[key].push(item);
      origins.get(key)!.push({ file, index });
    });
  };
  const single = (target: Record<string, unknown>, key: string, value: unknown, file: string, path: string) => {
    const previous = singleSetBy.get(path);
    if (previous === undefined) {
      target[key] = value;
      singleSetBy.set(path, file);
    } else if (!isDeepStrictEqual(target[key], value)) {
      problems.push({ source: file, path, message: `is also set, differently, in ${previous}; set it in one file of the folder (or the same in each)` });
    }
  };

  for (const { path: file, document: doc } of files) {
    if (doc === null || doc === undefined) continue;
    if (typeof doc !== 'object' || Array.isArray(doc)) {
      problems.push({ source: file, path: '(root)', message: 'a config file must be a mapping of fields (version, agencies, ...)', got: doc });
      continue;
    }
    for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
      if (key === '$schema') continue;
      if ((LISTS as readonly string[]).includes(key)) append(key, value, file, key);
      else if (key === 'federation' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
        for (const [fk, fv] of Object.entries(value as Record<string, unknown>)) {
          if ((FEDERATION_LISTS as readonly string[]).includes(fk)) append(`federation.${fk}`, fv, file, `federation.${fk}`);
          else single(federation, fk, fv, file, `federation.${fk}`);
        }
      } else single(document, key, value, file, key);
    }
  }
  for (const key of LISTS) if (lists[key]) document[key] = lists[key];
  for (const fk of FEDERATION_LISTS) if (lists[`federation.${fk}`]) federation[fk] = lists[`federation.${fk}`];
  if (Object.keys(federation).length > 0) document.federation = federation;

  const locate = (problem: ConfigProblem): ConfigProblem => {
    if (problem.source !== undefined) return problem;
    const located = locatePath(problem.path, origins, singleSetBy);
    return {
      ...problem,
      source: located?.file ?? folder,
      path: located?.path ?? problem.path,
      message: problem.message.replace(/\b(agencies|federation\.links|federation\.partners|federation\.groups)\[(\d+)\]/g, (whole, key: string, i: string) => {
        const o = origins.get(key)?.[Number(i)];
        return o ? `${key}[${o.index}] of ${o.file}` : whole;
      }),
    };
  };
  return { document, problems, locate };
}

/** The file and in-file path of a merged path: list items by their origin, single fields by the file that set them. */
function locatePath(path: string, origins: Map<string, Origin[]>, singleSetBy: Map<string, string>): { file: string; path: string } | undefined {
  const item = /^(agencies|federation\.links|federation\.partners|federation\.groups)\[(\d+)\](.*)$/.exec(path);
  if (item) {
    const o = origins.get(item[1])?.[Number(item[2])];
    return o ? { file: o.file, path: `${item[1]}[${o.index}]${item[3]}` } : undefined;
  }
  // The longest single-valued field that is a prefix of the path (federation.refresh before federation).
  const keys = [...singleSetBy.keys()].filter((k) => path === k || path.startsWith(`${k}.`) || path.startsWith(`${k}[`)).sort((a, b) => b.length - a.length);
  return keys.length > 0 ? { file: singleSetBy.get(keys[0])!, path } : undefined;
}
