/**
 * The verdict of one control, from who answers for it, how much of it the kit covers and the
 * results of the rules that check it. A pure function: the same facts give the same verdict.
 *
 * The rules, in order:
 * 1. someone other than the kit answers for it (`aws`, `agency`): `not-assessed`, whatever the
 *    kit's rules found (no IAM users is not evidence that people use MFA);
 * 2. no rule checks it, or the nag packs did not run: `not-assessed`;
 * 3. a result failed with no acknowledgement, or a risk acceptance it rests on has expired: `not-met`;
 * 4. its rules found nothing to check (every result not applicable, or nag did not run): `not-assessed`;
 * 5. the kit covers only part of it (`shared`), or a risk was accepted: `partially-met`;
 * 6. otherwise `met`: every result passed or was acknowledged by design.
 */
import { Responsibility, Verdict } from './types';

export interface VerdictInput {
  readonly responsibility: Responsibility;
  /** Whether any rule (of any pack) checks the control. */
  readonly checked: boolean;
  /** Whether the nag packs ran in this synth. */
  readonly nagRan: boolean;
  /** Results of the rules that check it. */
  readonly compliant: number;
  readonly nonCompliant: number;
  /** Failures acknowledged, of any category. */
  readonly acknowledged: number;
  /** Results acknowledged by a risk acceptance that is still current. */
  readonly riskAccepted: number;
  /** Results acknowledged by a risk acceptance whose review date has passed. */
  readonly riskExpired: number;
}

export interface VerdictOutcome {
  readonly verdict: Verdict;
  /** One line: why this verdict. */
  readonly basis: string;
}

export function verdictOf(x: VerdictInput): VerdictOutcome {
  if (x.responsibility === 'aws') return { verdict: 'not-assessed', basis: "AWS answers for it; the kit does not assess AWS's side (see AWS's IRAP assessment)." };
  if (x.responsibility === 'agency') return { verdict: 'not-assessed', basis: 'The agency answers for it; the kit does not assess it.' };
  if (!x.checked) return { verdict: 'not-assessed', basis: 'No rule checks it at synth time; the implementation note describes what the kit does.' };
  if (!x.nagRan) return { verdict: 'not-assessed', basis: 'The nag packs did not run in this synth: no rule results.' };
  if (x.nonCompliant > 0) return { verdict: 'not-met', basis: `${x.nonCompliant} result(s) failed with no acknowledgement.` };
  if (x.riskExpired > 0) return { verdict: 'not-met', basis: `${x.riskExpired} result(s) rest on a risk acceptance past its review date.` };
  if (x.compliant + x.acknowledged === 0) return { verdict: 'not-assessed', basis: 'Its rules found nothing to check in this synth.' };
  if (x.responsibility === 'shared') return { verdict: 'partially-met', basis: "The kit's part passed; the rest is the agency's (or AWS's), as the rationale says." };
  if (x.riskAccepted > 0) return { verdict: 'partially-met', basis: `${x.riskAccepted} result(s) rest on an accepted risk.` };
  return { verdict: 'met', basis: x.acknowledged > 0 ? `Every result of the rules that check it passed or was acknowledged by design (${x.acknowledged}).` : 'Every result of the rules that check it passed.' };
}
