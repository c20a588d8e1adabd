/**
 * Extension points of the evidence pack: other parts of the kit (or an agency's own constructs)
 * add report sections and extra files without the writer knowing about them.
 *
 * - `addEvidenceSection(scope, provider)`: a section of the HTML and Markdown reports and of
 *   `evidence.json`. The provider is called once per synth, after the assembly is written, with
 *   the construct tree and the cloud assembly. A provider with id `federation-map` fills the
 *   report's "Federation map" heading; any other id gets its own heading.
 * - `addEvidenceFile(scope, file)`: an extra file under `cdk.out/compliance/` (the Region
 *   restriction SCP uses this).
 *
 * Registrations are kept per App (the root of `scope`), so parallel apps in one process, as in
 * tests, do not see each other's sections.
 */
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { IConstruct } from 'constructs';

/** The id of the section the report shows under "Federation map". */
export const FEDERATION_MAP_SECTION_ID = 'federation-map';

/** A cell of a section table. */
export type EvidenceCell = string | number | boolean | null;

export interface EvidenceSection {
  /** Stable id (lower-case, hyphens); also the anchor in the HTML report. */
  readonly id: string;
  readonly title: string;
  /** One paragraph under the heading. */
  readonly description?: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly EvidenceCell[])[];
  /** Short notes rendered as a list under the table. */
  readonly notes?: readonly string[];
  /** Structured data for `evidence.json` only (for example the raw federation map). */
  readonly data?: unknown;
}

/** What a provider can look at. */
export interface EvidenceContext {
  /** The root of the construct tree (the App). */
  readonly root: IConstruct;
  readonly assembly: CloudAssembly;
}

export interface EvidenceSectionProvider {
  /** Unique per app; a second provider with the same id replaces the first. */
  readonly id: string;
  collect(context: EvidenceContext): EvidenceSection | readonly EvidenceSection[] | undefined;
}

export interface EvidenceFile {
  /** File name under `cdk.out/compliance/` (no directories). */
  readonly fileName: string;
  /** One line for the report's file list. */
  readonly description: string;
  render(context: EvidenceContext): string;
}

interface Registry {
  readonly sections: Map<string, EvidenceSectionProvider>;
  readonly files: Map<string, EvidenceFile>;
}

const registries = new WeakMap<IConstruct, Registry>();

function registryOf(scope: IConstruct): Registry {
  const root = scope.node.root;
  let r = registries.get(root);
  if (!r) registries.set(root, (r = { sections: new Map(), files: new Map() }));
  return r;
}

/** Adds a report section to the evidence pack of the app `scope` belongs to. */
export function addEvidenceSection(scope: IConstruct, provider: EvidenceSectionProvider): void {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(provider.id)) throw new Error(`evidence section id "${provider.id}" must be lower-case words joined by hyphens`);
  registryOf(scope).sections.set(provider.id, provider);
}

/** Adds a file to `cdk.out/compliance/` for the app `scope` belongs to. */
export function addEvidenceFile(scope: IConstruct, file: EvidenceFile): void {
  if (!/^[A-Za-z0-9._-]+$/.test(file.fileName) || file.fileName.startsWith('.')) {
    throw new Error(`evidence file name "${file.fileName}" must be a plain file name (letters, digits, . _ -)`);
  }
  registryOf(scope).files.set(file.fileName, file);
}

/** The section providers registered for an app. */
export function evidenceSectionProviders(root: IConstruct): EvidenceSectionProvider[] {
  return [...(registries.get(root.node.root)?.sections.values() ?? [])];
}

/** The extra files registered for an app. */
export function evidenceFiles(root: IConstruct): EvidenceFile[] {
  return [...(registries.get(root.node.root)?.files.values() ?? [])];
}
