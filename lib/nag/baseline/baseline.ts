/**
 * The baseline evaluation: one entry per control of the agency's ISM baseline profile, each with a
 * responsibility and a verdict. Controls the kit cites take theirs from the kit's own mapping
 * (lib/nag/ism-controls.ts) and the results of their rules; every other control takes its
 * responsibility from the rules in responsibility-rules.ts and is `not-assessed` (the kit does not
 * check it).
 *
 * Without the ASD's OSCAL the baseline is not evaluated, and the pack says so and how to supply it.
 */
import { CatalogControl, ISM_OSCAL_HOME, IsmCatalog, IsmOscal } from './ism-oscal';
import { RESPONSIBILITY_RULES, UNMATCHED_RULE, responsibilityRuleFor } from './responsibility-rules';
import { CATALOG_FILE_NAME, ProfileLevel, RESPONSIBILITIES, Responsibility, VERDICTS, Verdict, highestProfileLevel, profileFileName, profileLevelOf } from './types';

/** A control the kit cites, with the verdict the evidence model gave it. */
export interface KitControlVerdict {
  readonly id: string;
  readonly responsibility: Responsibility;
  readonly verdict: Verdict;
  readonly verdictBasis: string;
  readonly rationale: string;
  /** Rules (of every pack) that check it. */
  readonly rules: readonly string[];
}

export interface BaselineControl {
  /** The kit's form of the id: `ISM-0459`, `ISM-PRINCIPLE-GOV-01`. */
  readonly id: string;
  /** The catalog's form: `ism-0459`. */
  readonly oscalId: string;
  readonly kind: 'control' | 'principle';
  readonly guideline: string;
  readonly section: string;
  readonly topic: string;
  readonly responsibility: Responsibility;
  readonly verdict: Verdict;
  /** Why this responsibility. */
  readonly rationale: string;
  /** Why this verdict. */
  readonly verdictBasis: string;
  /** `kit-mapping` (lib/nag/ism-controls.ts) or `rule:<id>` of responsibility-rules.ts. */
  readonly decidedBy: string;
  /** Rules that check it (kit-mapped controls only). */
  readonly rules: readonly string[];
  /** The statement part an OSCAL finding targets (`ism-0459_smt`). */
  readonly statementId?: string;
}

export type BaselineCounts = Record<Responsibility, Record<Verdict, number>>;

export interface BaselineEvidence {
  readonly evaluated: boolean;
  /** When not evaluated: why, and how to evaluate it. */
  readonly notEvaluated?: string;
  /** The profile chosen from the agencies' classifications (the highest of them). */
  readonly profile: ProfileLevel;
  readonly profileFile: string;
  /** Each agency's classification and the profile it selects. */
  readonly agencies: readonly { readonly id: string; readonly classification: string; readonly profile: ProfileLevel }[];
  readonly profileTitle?: string;
  /** The ISM release, from the catalog's metadata (e.g. `December 2025`). */
  readonly release?: string;
  readonly version?: string;
  readonly published?: string;
  readonly source?: {
    /** The folder, relative to the project (or its name when outside it). */
    readonly folder: string;
    readonly catalog: { readonly file: string; readonly sha256: string; readonly href?: string };
    readonly profile: { readonly file: string; readonly sha256: string; readonly href?: string };
  };
  /** Controls by responsibility and verdict (all zero when not evaluated). */
  readonly counts: BaselineCounts;
  /** Ids the kit or the config cites that the supplied catalog does not have (rescinded or renumbered), and who cites them. */
  readonly missingCitedIds: readonly { readonly id: string; readonly citedBy: readonly string[] }[];
  /** Ids the kit cites that the catalog has but this profile does not select. */
  readonly citedOutsideProfile: readonly string[];
  /** The responsibility rules that decided at least one control, and how many. */
  readonly responsibilityRules: readonly { readonly id: string; readonly responsibility: Responsibility; readonly rationale: string; readonly controls: number }[];
  readonly controls: readonly BaselineControl[];
}

export interface BaselineInput {
  readonly oscal?: IsmOscal;
  /** The folder as it should appear in the pack (relative to the project). */
  readonly folderLabel?: string;
  readonly agencies: readonly { readonly id: string; readonly classification: string }[];
  readonly kitControls: readonly KitControlVerdict[];
  /** Every id cited by the kit or the config, with who cites it. */
  readonly cited: ReadonlyMap<string, readonly string[]>;
  readonly nagRan: boolean;
}

export function emptyBaselineCounts(): BaselineCounts {
  return Object.fromEntries(RESPONSIBILITIES.map((r) => [r, Object.fromEntries(VERDICTS.map((v) => [v, 0]))])) as BaselineCounts;
}

/** `ism-0459` → `ISM-0459`; `ism-principle-gov-01` → `ISM-PRINCIPLE-GOV-01`. */
export function kitControlId(oscalId: string): string {
  return oscalId.toUpperCase();
}

/** The cited ids the catalog does not have, with who cites each. */
export function missingCitedIds(catalog: IsmCatalog, cited: ReadonlyMap<string, readonly string[]>): { id: string; citedBy: readonly string[] }[] {
  return [...cited].filter(([id]) => !catalog.controls.has(id.toLowerCase())).map(([id, citedBy]) => ({ id, citedBy }));
}

export function buildBaseline(input: BaselineInput): BaselineEvidence {
  const agencies = input.agencies.map((a) => ({ id: a.id, classification: a.classification, profile: profileLevelOf(a.classification) ?? 'PROTECTED' }));
  const level = highestProfileLevel(input.agencies.map((a) => a.classification));
  const base = { profile: level, profileFile: profileFileName(level), agencies, counts: emptyBaselineCounts(), citedOutsideProfile: [], responsibilityRules: [], controls: [] };
  const profile = input.oscal?.profiles.get(level);
  if (!input.nagRan || !input.oscal || !profile) {
    return {
      ...base,
      evaluated: false,
      notEvaluated: !input.nagRan
        ? 'The baseline was not evaluated: nag did not run (-c nag=off), so no control has a result. Synth with nag on (advisory or strict) and -c ismOscal=<folder>.'
        : `The baseline was not evaluated: no ASD OSCAL folder was given. Download ${CATALOG_FILE_NAME} and ${profileFileName(level)} from ${ISM_OSCAL_HOME} into a folder and synth with -c ismOscal=<folder> (or evidence.ismOscal in the config).`,
      missingCitedIds: [],
    };
  }
  const catalog = input.oscal.catalog;
  const kit = new Map(input.kitControls.map((c) => [c.id, c]));
  const counts = emptyBaselineCounts();
  const used = new Map<string, number>();
  const controls = profile.ids.map((oscalId): BaselineControl => {
    const place: CatalogControl = catalog.controls.get(oscalId)!;
    const id = kitControlId(oscalId);
    const common = {
      id,
      oscalId,
      kind: place.class === 'ISM-principle' ? ('principle' as const) : ('control' as const),
      guideline: place.guideline,
      section: place.section,
      topic: place.topic,
      statementId: place.statementId,
    };
    const mapped = kit.get(id);
    let entry: BaselineControl;
    if (mapped) {
      entry = { ...common, responsibility: mapped.responsibility, verdict: mapped.verdict, rationale: mapped.rationale, verdictBasis: mapped.verdictBasis, decidedBy: 'kit-mapping', rules: mapped.rules };
    } else {
      const rule = responsibilityRuleFor(place);
      used.set(rule.id, (used.get(rule.id) ?? 0) + 1);
      entry = {
        ...common,
        responsibility: rule.responsibility,
        verdict: 'not-assessed',
        rationale: rule.rationale,
        verdictBasis: rule.responsibility === 'aws' ? "AWS answers for it; the kit does not assess AWS's side (see AWS's IRAP assessment)." : 'The agency answers for it; the kit does not assess it.',
        decidedBy: `rule:${rule.id}`,
        rules: [],
      };
    }
    counts[entry.responsibility][entry.verdict]++;
    return entry;
  });
  const inProfile = new Set(profile.ids);
  return {
    ...base,
    evaluated: true,
    profileTitle: profile.title,
    release: catalog.release,
    version: catalog.version,
    published: catalog.published,
    source: {
      folder: input.folderLabel ?? input.oscal.folder,
      catalog: { file: catalog.file, sha256: catalog.sha256, href: catalog.href },
      profile: { file: profile.file, sha256: profile.sha256, href: profile.href },
    },
    counts,
    missingCitedIds: missingCitedIds(catalog, input.cited),
    citedOutsideProfile: input.kitControls.map((c) => c.id).filter((id) => catalog.controls.has(id.toLowerCase()) && !inProfile.has(id.toLowerCase())),
    responsibilityRules: [...RESPONSIBILITY_RULES, UNMATCHED_RULE]
      .filter((r) => used.has(r.id))
      .map((r) => ({ id: r.id, responsibility: r.responsibility, rationale: r.rationale, controls: used.get(r.id)! })),
    controls,
  };
}
