/**
 * The evidence pack's "Wickr networks" section: per network, what the kit requests, manages and only
 * reports, so an assessor does not read a request as a control. It states what the live service
 * does where it differs from the model (docs/wickr-service.md): a requested network key is accepted
 * and never confirmed, screen sharing is a live switch the kit reports and does not manage, and
 * `federationMode` is read the live-tested peer's way.
 */
import { IConstruct } from 'constructs';
import { describeReading } from '../../lambda/shared/federation-mode';
import { addEvidenceSection } from '../nag/evidence/sections';

/** What the section needs to know of one network. */
export interface NetworkEvidenceFacts {
  readonly networkName: string;
  readonly region: string;
  readonly accessLevel: string;
  readonly adopted: boolean;
  /** True when the network asks Wickr to use a customer-managed key. */
  readonly keyRequested: boolean;
}

const NETWORKS = new WeakMap<IConstruct, NetworkEvidenceFacts[]>();

/** Records a network for the evidence pack of the app `scope` belongs to (the section is added once per app). */
export function recordNetworkEvidence(scope: IConstruct, facts: NetworkEvidenceFacts): void {
  const root = scope.node.root;
  let list = NETWORKS.get(root);
  if (list) {
    list.push(facts);
    return;
  }
  NETWORKS.set(root, (list = [facts]));
  const recorded = list;
  addEvidenceSection(scope, {
    id: 'wickr-networks',
    collect: () => ({
      id: 'wickr-networks',
      title: 'Wickr networks: requested, managed, reported',
      description:
        'What the kit asks of each Wickr network, as the live service behaves (not only as its published model says): the live-tested Terraform fork ' +
        'SMonaghan/terraform-provider-aws recorded where they differ, and docs/wickr-service.md lists what stays unverified.',
      columns: ['Network', 'Region', 'Plan', 'Created or adopted', 'Customer-managed key', 'Screen sharing'],
      rows: recorded.map((n) => [
        n.networkName,
        n.region,
        n.accessLevel,
        n.adopted ? 'adopted' : 'created by the kit',
        n.keyRequested
          ? 'requested (encryptionKeyArn sent); NOT confirmed: the service accepts the key and never returns it, so this is not evidence that Wickr uses it'
          : 'none requested; Wickr protects network data with keys it manages',
        'reported, not managed (CALLING.canStartScreenShare; the provider logs it and wickr-kit drift reports it)',
      ]),
      notes: [
        `federationMode is read ${describeReading()} (docs/federation.md weighs the evidence); the model documents it in three ways, and npm run test:live settles it for an account.`,
        'PREMIUM-only security-group members and STANDARD limits are refused at synth, so a STANDARD network holds only what its plan allows.',
      ],
    }),
  });
}
