/**
 * What strict synth refuses besides open findings, because it would make the evidence pack wrong:
 * a risk acceptance past its review date (the agency's or the kit's), an approval dated in the
 * future, and an ISM id the kit or the config cites that the supplied catalog does not have
 * (rescinded or renumbered). In strict mode the app writes the pack and then fails with these; in
 * other modes they are warnings, and the pack shows them.
 */
import { IConstruct } from 'constructs';
import { ConfigProblem } from '../config/errors';
import { riskAcceptanceReviewProblems } from '../config/validator';
import { missingCitedIds } from './baseline/baseline';
import { citedIsmIds } from './baseline/cited';
import { IsmOscal } from './baseline/ism-oscal';
import { CATALOG_FILE_NAME } from './baseline/types';
import { ISM_SOURCE } from './ism-controls';
import { kitRiskAcceptanceReviewProblems } from './risk-acceptances';

export interface EvidenceGateInput {
  /** The parsed config. */
  readonly config: unknown;
  /** The day of the synth, YYYY-MM-DD. */
  readonly today: string;
  readonly ismOscal?: IsmOscal;
  /** How the OSCAL folder was given, to name it in problems. */
  readonly ismOscalSource?: string;
  /** The app, for the risk acceptances applied to it. */
  readonly root: IConstruct;
}

export function evidenceGateProblems(input: EvidenceGateInput): ConfigProblem[] {
  const problems = [...riskAcceptanceReviewProblems(input.config, input.today), ...kitRiskAcceptanceReviewProblems(input.today)];
  const oscal = input.ismOscal;
  if (oscal) {
    for (const missing of missingCitedIds(oscal.catalog, citedIsmIds(input.root))) {
      problems.push({
        source: input.ismOscalSource ?? oscal.folder,
        path: CATALOG_FILE_NAME,
        message: `${missing.id}, cited by ${missing.citedBy.join('; ')}, is not in this catalog (ISM ${oscal.catalog.release}, OSCAL ${oscal.catalog.version}): it was rescinded or renumbered. Update wickr-cdk-kit or the config to cite the current control, or evaluate against the release the kit's ids were verified against (ISM ${ISM_SOURCE.release})`,
        got: missing.id,
      });
    }
  }
  return problems;
}
