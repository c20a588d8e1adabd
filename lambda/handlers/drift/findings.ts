/**
 * Drift as AWS Security Hub findings (ASFF, BatchImportFindings): one finding per drifted member,
 * with an id that is the same on every run for the same network, resource and member, so a member
 * that stays drifted updates its finding instead of adding one. When a member converges again its
 * finding is resolved: re-imported with `RecordState: ARCHIVED`, `Workflow.Status: RESOLVED` and
 * `Compliance.Status: PASSED`. Only findings of networks this run compared are resolved; a resource
 * the run could not compare keeps its findings as they were.
 */
import { createHash } from 'node:crypto';
import { type AwsSecurityFinding, BatchImportFindingsCommand, GetFindingsCommand, type SecurityHubClient } from '@aws-sdk/client-securityhub';
import { type DriftDifference, type DriftRecord, describeDifference, valueText } from '../../shared/drift';

/** BatchImportFindings takes at most 100 findings per call. */
const BATCH = 100;
const PRODUCT_FIELD = { network: 'wickr-kit/network', resource: 'wickr-kit/resource', member: 'wickr-kit/member' } as const;

export interface FindingContext {
  /** `arn:<partition>:securityhub:<region>:<account>:product/<account>/default`. */
  readonly productArn: string;
  readonly region: string;
  /** ISO 8601 time of this run. */
  readonly now: string;
}

/** The check that produced the finding: one per agency and Region. */
export function generatorId(agency: string, region: string): string {
  return `wickr-kit-drift/${agency}/${region}`;
}

/** Deterministic per network, resource and member (ASFF ids may be 512 characters; a digest keeps long names within it). */
export function findingId(d: Pick<DriftDifference, 'network' | 'resource' | 'member'>): string {
  const digest = createHash('sha256').update(`${d.network}\0${d.resource}\0${d.member}`).digest('hex').slice(0, 32);
  return `wickr-kit-drift/${d.network}/${digest}`;
}

function productArnParts(productArn: string): { partition: string; account: string } {
  const [, partition, , , account] = productArn.split(':');
  return { partition, account };
}

const cut = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 3)}...`);

export function activeFinding(d: DriftDifference, record: DriftRecord, ctx: FindingContext, createdAt?: string): AwsSecurityFinding {
  const { partition, account } = productArnParts(ctx.productArn);
  const networkId = record.networks.find((n) => n.network === d.network)?.networkId;
  return {
    SchemaVersion: '2018-10-08',
    Id: findingId(d),
    ProductArn: ctx.productArn,
    GeneratorId: generatorId(d.network.split('/')[0], ctx.region),
    AwsAccountId: account,
    Types: ['Software and Configuration Checks'],
    CreatedAt: createdAt ?? ctx.now,
    UpdatedAt: ctx.now,
    Severity: { Label: 'MEDIUM' },
    Title: cut(`Wickr ${d.network} ${d.resource}: ${d.member} differs from the config`, 256),
    Description: cut(
      `${describeDifference(d)}. Restore it with cdk deploy, or change the config to accept the live value (docs/runbooks/drift.md). Found by drift check run ${record.runId}.`,
      1024,
    ),
    ProductFields: { [PRODUCT_FIELD.network]: d.network, [PRODUCT_FIELD.resource]: d.resource, [PRODUCT_FIELD.member]: d.member },
    Resources: [
      {
        Type: 'Other',
        Id: networkId ? `arn:${partition}:wickr:${ctx.region}:${account}:network/${networkId}` : `wickr-kit:${d.network}`,
        Partition: partition as 'aws',
        Region: ctx.region,
        Details: { Other: { network: d.network, resource: cut(d.resource, 1024), member: cut(d.member, 1024), configured: cut(valueText(d.expected), 1024), live: cut(valueText(d.actual), 1024) } },
      },
    ],
    Compliance: { Status: 'FAILED' },
    Workflow: { Status: 'NEW' },
    RecordState: 'ACTIVE',
  };
}

export function resolvedFinding(existing: AwsSecurityFinding, now: string): AwsSecurityFinding {
  return { ...existing, UpdatedAt: now, RecordState: 'ARCHIVED', Workflow: { Status: 'RESOLVED' }, Compliance: { Status: 'PASSED' } };
}

/** Imports a finding per difference and resolves the active ones that converged. */
export async function syncFindings(client: Pick<SecurityHubClient, 'send'>, record: DriftRecord, ctx: FindingContext): Promise<{ imported: number; resolved: number; failed: string[] }> {
  const active: AwsSecurityFinding[] = [];
  for (const agency of record.agencies) {
    let NextToken: string | undefined;
    do {
      const page = await client.send(
        new GetFindingsCommand({
          Filters: {
            ProductArn: [{ Value: ctx.productArn, Comparison: 'EQUALS' }],
            GeneratorId: [{ Value: generatorId(agency, ctx.region), Comparison: 'EQUALS' }],
            RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
          },
          MaxResults: 100,
          NextToken,
        }),
      );
      active.push(...(page.Findings ?? []));
      NextToken = page.NextToken || undefined;
    } while (NextToken !== undefined);
  }
  const existing = new Map(active.map((f) => [f.Id, f]));
  const current = record.differences.map((d) => activeFinding(d, record, ctx, existing.get(findingId(d))?.CreatedAt));
  const currentIds = new Set(current.map((f) => f.Id));
  const compared = new Set(record.networks.filter((n) => n.networkId !== undefined).map((n) => n.network));
  const notCompared = new Set(record.unresolved.map((u) => `${u.network}\0${u.resource}`));
  const converged = active.filter((f) => {
    const network = f.ProductFields?.[PRODUCT_FIELD.network];
    const resource = f.ProductFields?.[PRODUCT_FIELD.resource];
    return !currentIds.has(f.Id) && network !== undefined && compared.has(network) && !notCompared.has(`${network}\0${resource}`);
  });
  const all = [...current, ...converged.map((f) => resolvedFinding(f, ctx.now))];
  const failed: string[] = [];
  for (let i = 0; i < all.length; i += BATCH) {
    const out = await client.send(new BatchImportFindingsCommand({ Findings: all.slice(i, i + BATCH) }));
    for (const f of out.FailedFindings ?? []) failed.push(`${f.Id}: ${f.ErrorCode ?? ''} ${f.ErrorMessage ?? ''}`.trim());
  }
  return { imported: current.length, resolved: converged.length, failed };
}
