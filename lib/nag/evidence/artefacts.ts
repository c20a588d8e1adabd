/**
 * What the evidence pack speaks for: every CloudFormation template and every asset of the cloud
 * assembly (nested assemblies of pipeline Stages included), each with its SHA-256, so an assessor
 * can tie the pack to what gets deployed.
 *
 * A file's digest is the SHA-256 of its bytes (`sha256sum <file>`). A directory asset's digest is
 * the SHA-256 of the `sha256sum` lines of its files in byte order of their paths, the output of
 * `(cd <dir> && find . -type f -printf '%P\n' | LC_ALL=C sort | xargs -d '\n' sha256sum) | sha256sum`.
 *
 * Paths are relative to the project (`cdk.out/...`), never absolute.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { AssetManifestArtifact, CloudAssembly, CloudFormationStackArtifact, NestedCloudAssemblyArtifact } from 'aws-cdk-lib/cx-api';

export interface ArtefactEvidence {
  /** Relative to the project, e.g. `cdk.out/WickrKit-dea-ap-southeast-2.template.json`. */
  readonly path: string;
  readonly sha256: string;
  readonly kind: 'template' | 'file-asset' | 'directory-asset';
  /** The stack of a template. */
  readonly stackName?: string;
  /** The hash CDK gave an asset (its name in the bootstrap bucket), when it is one. */
  readonly assetHash?: string;
}

/**
 * A path as the pack may show it: relative to the project when inside it, else only its last
 * segment (a local path outside the project says nothing to an assessor and may say too much).
 */
export function projectPath(path: string, projectDir: string): string {
  const rel = relative(resolve(projectDir), resolve(path));
  if (rel === '') return '.';
  if (rel.startsWith('..') || isAbsolute(rel)) return basename(resolve(path));
  return rel.split(sep).join('/');
}

const fileSha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** The digest of a directory, as `sha256sum` would give it (see the module comment). */
export function directorySha256(dir: string): string {
  const files: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel))) {
      const r = rel === '' ? name : `${rel}/${name}`;
      const st = statSync(join(dir, r));
      if (st.isDirectory()) walk(r);
      else if (st.isFile()) files.push(r);
    }
  };
  walk('');
  files.sort((a, b) => (Buffer.compare(Buffer.from(a), Buffer.from(b))));
  const h = createHash('sha256');
  for (const f of files) h.update(`${fileSha256(join(dir, f))}  ${f}\n`);
  return h.digest('hex');
}

/** Every template and asset of the assembly and its nested assemblies, each once. */
export function artefactsOf(assembly: CloudAssembly, projectDir: string): ArtefactEvidence[] {
  const root = resolve(assembly.directory);
  // Inside the project, paths start with the assembly's own path (cdk.out/...); outside, with its name.
  const label = projectPath(root, projectDir);
  const show = (abs: string) => {
    const rel = relative(root, abs).split(sep).join('/');
    return label === '.' ? rel : `${label}/${rel}`;
  };
  const out = new Map<string, ArtefactEvidence>();
  const visit = (a: CloudAssembly) => {
    for (const artifact of a.artifacts) {
      if (artifact instanceof CloudFormationStackArtifact) {
        const path = show(artifact.templateFullPath);
        out.set(path, { path, sha256: fileSha256(artifact.templateFullPath), kind: 'template', stackName: artifact.stackName });
      } else if (artifact instanceof NestedCloudAssemblyArtifact) {
        visit(artifact.nestedAssembly);
      }
    }
    for (const artifact of a.artifacts) {
      if (!(artifact instanceof AssetManifestArtifact)) continue;
      const manifest = JSON.parse(readFileSync(artifact.file, 'utf8')) as { files?: Record<string, { source?: { path?: string } }> };
      for (const [hash, asset] of Object.entries(manifest.files ?? {})) {
        if (!asset.source?.path) continue;
        const abs = resolve(dirname(artifact.file), asset.source.path);
        const path = show(abs);
        if (out.has(path)) continue; // a template published as an asset is listed as the template
        const isDir = statSync(abs).isDirectory();
        out.set(path, { path, sha256: isDir ? directorySha256(abs) : fileSha256(abs), kind: isDir ? 'directory-asset' : 'file-asset', assetHash: hash });
      }
    }
  };
  visit(assembly);
  return [...out.values()];
}
