import { Stack, Token } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import { Construct } from 'constructs';
import { ConfigProblem, throwIfProblems } from '../config/errors';

/** Placeholder in a template URI replaced by the stack's Region (templates must sit in the pack's own Region). */
export const REGION_PLACEHOLDER = '{region}';

const S3_URI = /^s3:\/\/[a-z0-9{][a-z0-9.{}-]{1,70}[a-z0-9}]\/.+$/;

export interface IsmConformancePackProps {
  /**
   * S3 URIs of the conformance pack templates the agency keeps, for example its copies of AWS's
   * "Operational Best Practices for ACSC ISM" Part 1 and Part 2 templates. AWS Config reads a
   * template only from a bucket in the pack's own Region, so a URI used in several Regions should
   * contain `{region}`, which is replaced by the stack's Region.
   */
  readonly templateS3Uris: readonly string[];
  /** Pack names are `<prefix>-part-<n>`. @default 'wickr-kit-acsc-ism' */
  readonly namePrefix?: string;
  /** Bucket where AWS Config delivers the packs' evaluation results. @default - the account's delivery channel bucket */
  readonly deliveryS3Bucket?: string;
}

/**
 * AWS Config conformance packs for the ACSC ISM, from templates the agency supplies. The kit does
 * not ship or copy AWS's templates: download the published "Operational Best Practices for ACSC
 * ISM" Part 1 and Part 2 templates, review them, and upload them to a bucket in each Region.
 *
 * Prerequisites in each account and Region (the kit does not create them, because an organisation
 * usually manages AWS Config centrally):
 * - an AWS Config configuration recorder that is recording, with a delivery channel;
 * - the service-linked role `AWSServiceRoleForConfigConforms` (created on first use when the
 *   deploying role may create service-linked roles);
 * - read access for AWS Config to the template objects.
 */
export class IsmConformancePack extends Construct {
  public readonly packs: config.CfnConformancePack[];

  constructor(scope: Construct, id: string, props: IsmConformancePackProps) {
    super(scope, id);
    const prefix = props.namePrefix ?? 'wickr-kit-acsc-ism';
    throwIfProblems(this.node.path, validate(props, prefix));
    const region = Stack.of(this).region;
    this.packs = props.templateS3Uris.map(
      (uri, i) =>
        new config.CfnConformancePack(this, `Part${i + 1}`, {
          conformancePackName: `${prefix}-part-${i + 1}`,
          templateS3Uri: uri.split(REGION_PLACEHOLDER).join(region),
          deliveryS3Bucket: props.deliveryS3Bucket,
        }),
    );
    if (Token.isUnresolved(region) && props.templateS3Uris.some((u) => u.includes(REGION_PLACEHOLDER))) {
      this.node.addValidation({ validate: () => [`${REGION_PLACEHOLDER} in a template URI needs a stack with a concrete Region`] });
    }
  }
}

function validate(props: IsmConformancePackProps, prefix: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (props.templateS3Uris.length === 0) problems.push({ path: 'templateS3Uris', message: 'give at least one template S3 URI', got: [] as string[] });
  props.templateS3Uris.forEach((u, i) => {
    if (!S3_URI.test(u)) problems.push({ path: `templateS3Uris[${i}]`, message: 'must be an S3 URI such as s3://bucket/key.yaml', got: u });
  });
  if (!/^[A-Za-z][-A-Za-z0-9]{0,240}$/.test(prefix)) problems.push({ path: 'namePrefix', message: 'must start with a letter and use letters, digits and hyphens', got: prefix });
  return problems;
}
