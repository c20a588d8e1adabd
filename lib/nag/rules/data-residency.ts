import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { NagRuleCompliance } from 'cdk-nag';
import { declaredReplicationRegions, ismPolicyOf } from './policy';
import { arnRegion, asList, field, resolved } from './resolve';
import { IsmRule, citing } from './types';

const CONTROLS = ['ISM-1572'];

interface ResidencyFacts {
  readonly region: string;
  readonly allowed: readonly string[];
  /** Replication destinations of a bucket; `unknown` when one cannot be placed. */
  readonly replicatesTo: readonly string[];
  readonly unknownDestination: boolean;
}

function facts(node: CfnResource): ResidencyFacts | undefined {
  const allowed = ismPolicyOf(node).allowedRegions;
  if (allowed === undefined) return undefined;
  const region = Stack.of(node).region;
  let replicatesTo: string[] = [];
  let unknownDestination = false;
  if (node instanceof CfnBucket && node.replicationConfiguration !== undefined) {
    const declared = declaredReplicationRegions(node);
    const replication = resolved(node, node.replicationConfiguration);
    for (const rule of asList(field<unknown[]>(replication, 'rules', 'Rules'))) {
      const destination = field(rule, 'destination', 'Destination');
      const key = field(field(destination, 'encryptionConfiguration', 'EncryptionConfiguration'), 'replicaKmsKeyId', 'ReplicaKmsKeyID');
      const fromKey = arnRegion(key);
      if (fromKey) replicatesTo.push(fromKey);
      else if (declared.length === 0) unknownDestination = true;
    }
    replicatesTo = [...new Set([...replicatesTo, ...declared])];
  }
  return { region, allowed, replicatesTo, unknownDestination };
}

/**
 * Data residency: every resource's stack is in one of the agency's allowedRegions, and every
 * replication destination is too. The destination Region is read from the replica KMS key ARN,
 * or from `declareReplicationRegion`; a replicating bucket whose destination cannot be placed
 * fails. Applies wherever an ISM policy with allowedRegions is in force (every WickrRegionStack).
 */
export const DataResidency: IsmRule = {
  name: 'DataResidency',
  controls: CONTROLS,
  level: 'error',
  info: (node) => {
    const f = facts(node);
    if (!f) return `The resource is outside the agency's allowed Regions ${citing(CONTROLS)}.`;
    const allowed = f.allowed.join(', ') || 'none';
    if (Token.isUnresolved(f.region)) {
      return `Stack ${Stack.of(node).stackName} has no concrete Region, so data residency cannot be shown; give it an env.region in allowedRegions (${allowed}) ${citing(CONTROLS)}.`;
    }
    if (!f.allowed.includes(f.region)) {
      return `Stack ${Stack.of(node).stackName} is in Region ${f.region}, outside the agency's allowedRegions (${allowed}): data residency ${citing(CONTROLS)}.`;
    }
    const outside = f.replicatesTo.filter((r) => !f.allowed.includes(r));
    if (outside.length > 0) return `The bucket replicates to Region ${outside.join(', ')}, outside the agency's allowedRegions (${allowed}): data residency ${citing(CONTROLS)}.`;
    return `The bucket replicates to a Region the kit cannot determine; use a replica KMS key ARN or declareReplicationRegion (allowed: ${allowed}) ${citing(CONTROLS)}.`;
  },
  explanation:
    'Agencies may hold data only in the Regions their arrangements name; the kit checks every stack and replication destination against allowedRegions before anything is deployed.',
  check: (node) => {
    const f = facts(node);
    if (!f) return NagRuleCompliance.NOT_APPLICABLE;
    if (Token.isUnresolved(f.region) || !f.allowed.includes(f.region)) return NagRuleCompliance.NON_COMPLIANT;
    if (f.unknownDestination || f.replicatesTo.some((r) => !f.allowed.includes(r))) return NagRuleCompliance.NON_COMPLIANT;
    return NagRuleCompliance.COMPLIANT;
  },
};
