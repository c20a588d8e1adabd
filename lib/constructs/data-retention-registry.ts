import { Arn, Aws, Stack, Token } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { throwIfProblems } from '../config/errors';

/** Which build of the Wickr data-retention bot runs. */
export enum BotImageVariant {
  /** AWS Wickr (commercial Regions): `wickrio/bot-compliance-cloud`. */
  COMMERCIAL = 'bot-compliance-cloud',
  /** AWS WickrGov (GovCloud): `wickrio/bot-dataretention-govcloud`. */
  GOVCLOUD = 'bot-dataretention-govcloud',
}

/** Where the images live in ECR Public, the upstream registry of the cache. */
export const UPSTREAM_REPOSITORIES = {
  /** The Wickr bots' namespace in ECR Public (`public.ecr.aws/x3s2s6k3/wickrio/<variant>`). */
  bot: (variant: BotImageVariant) => `x3s2s6k3/wickrio/${variant}`,
  /** AWS for Fluent Bit, the FireLens log router. */
  logRouter: 'aws-observability/aws-for-fluent-bit',
  /** The official Node.js image (Docker Official Images mirrored on ECR Public), for the password-capture sidecar. */
  capture: 'docker/library/node',
} as const;

/** Pinned tags of the sidecar images; agencies bump them like any dependency. */
export const DEFAULT_SIDECAR_TAGS = {
  logRouter: '2.32.2.20241008',
  capture: '20.18.1-alpine3.20',
} as const;

/** The default bot variant for a Region: GovCloud Regions run the WickrGov build. */
export function defaultBotVariant(region: string): BotImageVariant {
  return !Token.isUnresolved(region) && region.startsWith('us-gov-') ? BotImageVariant.GOVCLOUD : BotImageVariant.COMMERCIAL;
}

/** A container image tag the kit accepts: pinned (never `latest`, never empty). */
export function checkImageTag(path: string, tag: string): { path: string; message: string; got: string; allowed: string }[] {
  if (Token.isUnresolved(tag)) return [];
  if (tag.trim() === '' || tag.toLowerCase() === 'latest') {
    return [{ path, message: 'pin an image version: "latest" and empty tags change under a running deployment', got: tag, allowed: 'a release tag, e.g. 6.60.05.78' }];
  }
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag)) {
    return [{ path, message: 'not a valid container image tag', got: tag, allowed: 'letters, digits, _ . - (at most 128)' }];
  }
  return [];
}

export interface DataRetentionRegistryProps {
  /**
   * The repository prefix in the agency's private ECR registry. Pull-through cache rules are
   * unique per prefix in an account and Region, so each agency uses its own.
   * @default 'wickr-kit-public'
   */
  readonly repositoryPrefix?: string;
  /**
   * `pull-through-cache` creates an ECR pull-through cache rule for ECR Public (`public.ecr.aws`):
   * the first pull copies the image into the agency's registry, later pulls come from there.
   * `mirror` expects the agency to have copied the images itself, under the same paths below the
   * prefix (for example through its own image scanning pipeline).
   * @default 'pull-through-cache'
   */
  readonly mode?: 'pull-through-cache' | 'mirror';
}

/**
 * The agency's own ECR registry as the source of every data-retention image, so the tasks pull from
 * inside the VPC (through the ECR endpoints) and never from the internet. One per stack and prefix.
 *
 * With the default pull-through cache, the bot image
 * `public.ecr.aws/x3s2s6k3/wickrio/bot-compliance-cloud:<tag>` is pulled as
 * `<account>.dkr.ecr.<region>.amazonaws.com/<prefix>/x3s2s6k3/wickrio/bot-compliance-cloud:<tag>`.
 */
export class DataRetentionRegistry extends Construct {
  /** The stack's registry for a prefix, created on first use. */
  public static of(scope: IConstruct, props: DataRetentionRegistryProps = {}): DataRetentionRegistry {
    const stack = Stack.of(scope);
    const prefix = props.repositoryPrefix ?? 'wickr-kit-public';
    const id = `DataRetentionRegistry-${prefix.replace(/[^A-Za-z0-9]/g, '')}`;
    const existing = stack.node.tryFindChild(id);
    return existing instanceof DataRetentionRegistry ? existing : new DataRetentionRegistry(stack, id, { ...props, repositoryPrefix: prefix });
  }

  public readonly repositoryPrefix: string;
  public readonly mode: 'pull-through-cache' | 'mirror';
  /** The pull-through cache rule, when the mode is `pull-through-cache`. */
  public readonly rule?: ecr.CfnPullThroughCacheRule;

  constructor(scope: Construct, id: string, props: DataRetentionRegistryProps = {}) {
    super(scope, id);
    this.repositoryPrefix = props.repositoryPrefix ?? 'wickr-kit-public';
    this.mode = props.mode ?? 'pull-through-cache';
    throwIfProblems(this.node.path, [
      ...(!/^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/.test(this.repositoryPrefix) || this.repositoryPrefix.length < 2 || this.repositoryPrefix.length > 30
        ? [{ path: 'repositoryPrefix', message: 'ECR repository prefixes are 2 to 30 lower-case letters, digits and . _ - /', got: this.repositoryPrefix }]
        : []),
    ]);
    if (this.mode === 'pull-through-cache') {
      this.rule = new ecr.CfnPullThroughCacheRule(this, 'PullThroughCache', {
        ecrRepositoryPrefix: this.repositoryPrefix,
        upstreamRegistry: 'ecr-public',
        upstreamRegistryUrl: 'public.ecr.aws',
      });
    }
  }

  /** The image URI in the agency's registry for an upstream repository path and tag. */
  public imageUri(upstreamPath: string, tag: string): string {
    return `${Aws.ACCOUNT_ID}.dkr.ecr.${Aws.REGION}.${Aws.URL_SUFFIX}/${this.repositoryPrefix}/${upstreamPath}:${tag}`;
  }

  /** The ARN of the cached (or mirrored) repository for an upstream path. */
  public repositoryArn(upstreamPath: string): string {
    return Arn.format({ service: 'ecr', resource: 'repository', resourceName: `${this.repositoryPrefix}/${upstreamPath}` }, Stack.of(this));
  }

  /**
   * What a task execution role needs to pull these repositories: the registry token (IAM offers it
   * only on `*`), the image reads, and, for the cache, the import of an image on its first pull
   * (and the creation of its repository, which ECR does on that pull).
   */
  public pullStatements(upstreamPaths: readonly string[]): iam.PolicyStatement[] {
    const repositories = upstreamPaths.map((p) => this.repositoryArn(p));
    const statements = [
      new iam.PolicyStatement({ sid: 'EcrRegistryToken', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }),
      new iam.PolicyStatement({
        sid: 'PullDataRetentionImages',
        actions: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
        resources: repositories,
      }),
    ];
    if (this.mode === 'pull-through-cache') {
      statements.push(
        new iam.PolicyStatement({
          sid: 'FillPullThroughCacheOnFirstPull',
          actions: ['ecr:BatchImportUpstreamImage', 'ecr:CreateRepository'],
          resources: repositories,
        }),
      );
    }
    return statements;
  }
}
