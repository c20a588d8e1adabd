/**
 * The vocabulary of the baseline evaluation: who answers for a control, and what the evidence says
 * about it. Kept apart from rule-result status (Compliant, Acknowledged, ...): a rule result says
 * what one rule found on one resource; a verdict says whether the control is met.
 */

/**
 * Who answers for an ISM control in a deployment of the kit.
 *
 * - `kit`: the kit implements the control and a synth-time rule checks it;
 * - `shared`: the kit supports the control (does part of it, or gives the mechanism) and the agency
 *   (or AWS, where the rationale says so) completes it;
 * - `aws`: inherited from AWS's IRAP-assessed services, AWS Wickr included;
 * - `agency`: the agency's policy, people and processes.
 */
export type Responsibility = 'kit' | 'shared' | 'aws' | 'agency';
export const RESPONSIBILITIES: readonly Responsibility[] = ['kit', 'shared', 'aws', 'agency'];

/**
 * What the evidence of this synth says about a control.
 *
 * - `met`: the kit answers for all of it and every rule that checks it passed (or was acknowledged by design);
 * - `partially-met`: the kit's part passed, and the rest is someone else's, or a risk was accepted;
 * - `not-met`: a rule that checks it failed with no acknowledgement, or a risk acceptance it rests on expired;
 * - `not-assessed`: nothing in this synth checks it (the kit does not, its rules found nothing to
 *   check, or someone else answers for it). Never `met` because nothing applied.
 */
export type Verdict = 'met' | 'partially-met' | 'not-met' | 'not-assessed';
export const VERDICTS: readonly Verdict[] = ['met', 'partially-met', 'not-met', 'not-assessed'];

/** The ASD's baseline profiles the kit evaluates against, by the level in their file names. */
export type ProfileLevel = 'NON_CLASSIFIED' | 'OFFICIAL_SENSITIVE' | 'PROTECTED';

/** Which baseline profile applies to an agency's classification (the kit's classifications, lib/config/schema.ts). */
const PROFILE_OF_CLASSIFICATION: Readonly<Record<string, ProfileLevel>> = {
  OFFICIAL: 'NON_CLASSIFIED',
  'OFFICIAL: Sensitive': 'OFFICIAL_SENSITIVE',
  PROTECTED: 'PROTECTED',
};

/** From lowest to highest: a config with agencies at several levels is evaluated against the highest. */
export const PROFILE_LEVELS: readonly ProfileLevel[] = ['NON_CLASSIFIED', 'OFFICIAL_SENSITIVE', 'PROTECTED'];

/** The profile for a classification; undefined for a classification the kit does not know. */
export function profileLevelOf(classification: string): ProfileLevel | undefined {
  return Object.prototype.hasOwnProperty.call(PROFILE_OF_CLASSIFICATION, classification) ? PROFILE_OF_CLASSIFICATION[classification] : undefined;
}

/** The highest profile among classifications, or PROTECTED (the kit's target) when none is known. */
export function highestProfileLevel(classifications: readonly string[]): ProfileLevel {
  const levels = classifications.map(profileLevelOf).filter((l): l is ProfileLevel => l !== undefined);
  if (levels.length === 0) return 'PROTECTED';
  return PROFILE_LEVELS[Math.max(...levels.map((l) => PROFILE_LEVELS.indexOf(l)))];
}

/** The profile's file name as the ASD publishes it. */
export function profileFileName(level: ProfileLevel): string {
  return `ISM_${level}-baseline_profile.json`;
}

/** The catalog's file name as the ASD publishes it. */
export const CATALOG_FILE_NAME = 'ISM_catalog.json';
