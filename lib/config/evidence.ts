/**
 * The config of the evidence pack: the top-level `evidence` section (where the ASD's OSCAL edition
 * of the ISM is) and each agency's `riskAcceptances`, the findings the agency has accepted the risk
 * of, with who approved them and until when. Imported by schema.ts; the cross-field rules are in
 * validator.ts (`checkRiskAcceptances`, and `riskAcceptanceReviewProblems` for the dates against today).
 */
import { z } from 'zod';

/** Rule ids of the packs the kit runs, as they report them. */
export const NAG_RULE_ID = /^(AwsSolutions|NIST\.800\.53\.R5|ISM)-[A-Za-z0-9]+$/;

/**
 * Rules that report one finding per wildcard (`AwsSolutions-IAM5[Resource::*]`): a risk acceptance
 * of one of them must name the finding, so that a new wildcard is never accepted unseen.
 */
export const PER_FINDING_RULES: readonly string[] = ['AwsSolutions-IAM4', 'AwsSolutions-IAM5', 'ISM-WildcardResourceOnWrite'];

const isoDate = (what: string) =>
  z.iso.date(`${what} must be a date written YYYY-MM-DD, e.g. 2027-06-30`).meta({ description: `${what[0].toUpperCase()}${what.slice(1)} (YYYY-MM-DD).` });

export const RiskAcceptanceSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'a risk acceptance id is letters, digits and . _ - (at most 64), e.g. RA-2026-014')
      .meta({ description: "The agency's reference for the risk acceptance (its risk register id), e.g. RA-2026-014." }),
    rule: z
      .string()
      .regex(NAG_RULE_ID, 'name a rule of the AwsSolutions, NIST.800.53.R5 or ISM pack as it reports it, e.g. ISM-RecordsComplianceMode')
      .meta({ description: 'The rule whose findings are accepted, as the pack reports it (e.g. ISM-RecordsComplianceMode, AwsSolutions-IAM5).' }),
    finding: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'For rules reported per finding (AwsSolutions-IAM4, AwsSolutions-IAM5, ISM-WildcardResourceOnWrite): the one finding accepted, e.g. Resource::*. Required for those rules.' }),
    regions: z
      .array(z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'must be an AWS Region code such as ap-southeast-2'))
      .min(1)
      .optional()
      .meta({ description: "The Regions whose stacks it applies to. Default: every stack of the agency." }),
    ismControls: z
      .array(z.string().regex(/^ISM-\d{4}$/, 'an ISM control id is ISM- and four digits, e.g. ISM-1708'))
      .min(1, 'name the ISM controls the accepted risk concerns')
      .meta({ description: 'The ISM controls the accepted risk concerns: the evidence pack shows them as partially met while the acceptance is current.' }),
    reason: z
      .string()
      .trim()
      .min(20, 'give the reason an assessor reads: what is accepted, why, and what mitigates it (at least 20 characters)')
      .meta({ description: 'Why the risk is accepted and what mitigates it, for the assessor.' }),
    approver: z
      .string()
      .trim()
      .min(1, 'name who accepted the risk (a person and role, e.g. Jane Citizen, CISO)')
      .meta({ description: 'Who accepted the risk, with their role (e.g. Jane Citizen, CISO).' }),
    approvedOn: isoDate('the date the risk was accepted'),
    reviewBy: isoDate('the date by which the acceptance must be reviewed'),
  })
  .meta({
    description:
      "A finding the agency accepts the risk of. It acknowledges the rule's findings on the agency's stacks, shows in the evidence pack with its approver and dates, and fails strict synth once reviewBy has passed.",
  });

export const EvidenceSchema = z
  .strictObject({
    ismOscal: z
      .string()
      .min(1)
      .optional()
      .meta({
        description:
          "Folder holding the ASD's OSCAL edition of the ISM (ISM_catalog.json and the ISM_<LEVEL>-baseline_profile.json files, as published at https://www.cyber.gov.au/ism/oscal), relative to the directory synth runs in. The evidence pack then gives a responsibility and a verdict for every control of the agency's baseline. -c ismOscal=<folder> overrides it. Default: the baseline is not evaluated.",
      }),
  })
  .meta({ description: 'What the evidence pack (cdk.out/compliance/) is evaluated against.' });

export type RiskAcceptanceConfig = z.output<typeof RiskAcceptanceSchema>;
export type EvidenceConfig = z.output<typeof EvidenceSchema>;
