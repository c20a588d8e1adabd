import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { KitConfigError } from '../../lib/config/errors';
import { FederationLink, FederationPeer, FederationScope, NetworkFederation } from '../../lib/constructs/federation';
import { testApp } from '../helpers/kit';

const ACCOUNT = '111122223333';
const canberra = FederationPeer.appNetwork({ key: 'dea/canberra', region: 'ap-southeast-2' });
const ops = FederationPeer.appNetwork({ key: 'dea/ops', region: 'ap-southeast-2' });
const london = FederationPeer.appNetwork({ key: 'dea/london', region: 'eu-west-2' });
const ukPartner = FederationPeer.awsNetwork({ label: 'UK partner', region: 'eu-west-2', networkId: '24681357' });
const enterprise = FederationPeer.enterpriseNetwork({ label: 'Allied Enterprise', domain: 'wickr.ally.example', networkId: '13572468' });

function stacks(app: App = testApp()) {
  return {
    app,
    sydney: new Stack(app, 'Sydney', { env: { region: 'ap-southeast-2', account: ACCOUNT } }),
    ldn: new Stack(app, 'London', { env: { region: 'eu-west-2', account: ACCOUNT } }),
  };
}

function errorOf(f: () => unknown): KitConfigError {
  try {
    f();
  } catch (e) {
    if (KitConfigError.isKitConfigError(e)) return e;
    throw e;
  }
  throw new Error('expected a KitConfigError');
}

describe('NetworkFederation', () => {
  test('renders each group with its scopes and peers: own and same-Region ids from SSM template parameters, other Regions by parameter name, partners by id', () => {
    const { app, sydney, ldn } = stacks();
    const links = [
      FederationLink.between({ network: canberra, groups: ['Staff'] }, { network: london, groups: ['Default'] }, 'Canberra with London'),
      FederationLink.between({ network: canberra, groups: ['Staff'] }, { network: ops, groups: ['Default'] }),
    ];
    new NetworkFederation(sydney, 'Canberra', {
      network: canberra,
      groups: [{ name: 'Staff', isDefault: true, permit: [enterprise] }, { name: 'Executives', global: FederationScope.RESTRICTED, guests: true }],
      links,
    });
    new NetworkFederation(sydney, 'Ops', { network: ops, groups: [{ name: 'Default', isDefault: true }], links });
    new NetworkFederation(ldn, 'London', { network: london, groups: [{ name: 'Default', isDefault: true, permit: [ukPartner] }], links });

    const t = Template.fromStack(sydney);
    const params = t.toJSON().Parameters as Record<string, { Type: string; Default: string }>;
    const paramFor = (name: string) => Object.keys(params).find((k) => params[k].Default === name)!;
    expect(params[paramFor('/wickr-kit/dea/canberra/network-id')].Type).toBe('AWS::SSM::Parameter::Value<String>');
    t.hasResourceProperties('Custom::WickrFederation', {
      NetworkId: { Ref: paramFor('/wickr-kit/dea/canberra/network-id') },
      Network: 'dea/canberra',
      Groups: [
        {
          Name: 'Staff',
          IsDefault: true,
          Local: 'restricted',
          Global: 'restricted',
          Guests: false,
          LocalPeers: [{ Label: 'dea/ops', NetworkId: { Ref: paramFor('/wickr-kit/dea/ops/network-id') } }],
          AwsPeers: [{ Label: 'dea/london', Region: 'eu-west-2', Parameter: '/wickr-kit/dea/london/network-id' }],
          EnterprisePeers: [{ Label: 'Allied Enterprise', Domain: 'wickr.ally.example', NetworkId: '13572468' }],
        },
        { Name: 'Executives', IsDefault: false, Local: 'none', Global: 'restricted', Guests: true },
      ],
    });
    // The handler may read exactly the peers' parameters in other Regions, through a managed policy the resource waits for.
    const policies = t.findResources('AWS::IAM::ManagedPolicy', { Properties: { Description: Match.stringLikeRegexp('federation of dea/canberra') } });
    const [policyId, policy] = Object.entries(policies)[0];
    expect(policy.Properties.PolicyDocument.Statement).toEqual([
      { Sid: 'ReadPeerNetworkIds', Effect: 'Allow', Action: 'ssm:GetParameter', Resource: `arn:aws:ssm:eu-west-2:${ACCOUNT}:parameter/wickr-kit/dea/london/network-id` },
    ]);
    const resource = Object.values(t.findResources('Custom::WickrFederation', { Properties: { Network: 'dea/canberra' } }))[0];
    expect(resource.DependsOn).toContain(policyId);
    // The provider may list and update security groups of this account and Region's networks, nothing more.
    const provider = Object.values(t.findResources('AWS::IAM::ManagedPolicy', { Properties: { Description: Match.stringLikeRegexp('Wickr admin API operations') } }))[0];
    const wickr = provider.Properties.PolicyDocument.Statement.find((s: { Sid: string }) => s.Sid === 'WickrOperationsOnThisAccountAndRegionsNetworks');
    expect(wickr.Action).toEqual(['wickr:ListSecurityGroups', 'wickr:UpdateSecurityGroup']);
    expect(wickr.Resource).toBe(`arn:aws:wickr:ap-southeast-2:${ACCOUNT}:network/*`);

    // London: the partner in its own Region is a local peer; Canberra is global.
    Template.fromStack(ldn).hasResourceProperties('Custom::WickrFederation', {
      Groups: [
        {
          Name: 'Default',
          Local: 'restricted',
          Global: 'restricted',
          LocalPeers: [{ Label: 'UK partner', Region: 'eu-west-2', NetworkId: '24681357' }],
          AwsPeers: [{ Label: 'dea/canberra', Region: 'ap-southeast-2', Parameter: '/wickr-kit/dea/canberra/network-id' }],
        },
      ],
    });
    // Partners' sides are theirs: said as information, not as a warning that would fail strict synth.
    Annotations.fromStack(ldn).hasInfo('/London/London', Match.stringLikeRegexp('allow-lists UK partner; their side is theirs to configure'));
    expect(Annotations.fromStack(ldn).findWarning('*', Match.anyValue())).toEqual([]);
    // Both sides of every link within the app are configured: no validation error.
    expect(app.node.findAll().flatMap((c) => c.node.validate())).toEqual([]);
  });

  test('fails synth when a restricted link within the app is one-sided, naming both networks', () => {
    const { app, sydney, ldn } = stacks();
    new NetworkFederation(sydney, 'Canberra', { network: canberra, groups: [{ name: 'Staff', isDefault: true, permit: [london] }] });
    new NetworkFederation(ldn, 'London', { network: london, groups: [{ name: 'Default', isDefault: true }] });
    expect(() => app.synth()).toThrow(
      /\[Sydney\/Canberra\] group Staff of dea\/canberra permits dea\/london, but no group of dea\/london permits dea\/canberra: a restricted link must be configured on both sides/,
    );
  });

  test('fails synth when a network of the app is permitted but has no NetworkFederation at all', () => {
    const { app, sydney } = stacks();
    new NetworkFederation(sydney, 'Canberra', { network: canberra, groups: [{ name: 'Staff', isDefault: true, permit: [london] }] });
    expect(() => app.synth()).toThrow(/group Staff of dea\/canberra permits dea\/london, which has no NetworkFederation in this app.*name it with FederationPeer\.awsNetwork if another app manages its side/);
  });

  test('fails when a group has conflicting modes: ALL or NONE in a scope where it permits named networks', () => {
    const { sydney } = stacks();
    const e = errorOf(
      () =>
        new NetworkFederation(sydney, 'Canberra', {
          network: canberra,
          groups: [{ name: 'Staff', local: FederationScope.ALL, global: FederationScope.NONE, permit: [ops, london] }],
        }),
    );
    expect(e.lines).toEqual([
      'Sydney/Canberra:groups[0].local: conflicting modes: local is all but the group permits dea/ops; use RESTRICTED (or leave local out), or drop the permits (got "all"; allowed RESTRICTED)',
      'Sydney/Canberra:groups[0].global: conflicting modes: global is none but the group permits dea/london; use RESTRICTED (or leave global out), or drop the permits (got "none"; allowed RESTRICTED)',
    ]);
  });

  test('fails when guests are on without global federation', () => {
    const { sydney } = stacks();
    const e = errorOf(() => new NetworkFederation(sydney, 'Canberra', { network: canberra, groups: [{ name: 'Staff', local: FederationScope.ALL, guests: true }] }));
    expect(e.lines).toEqual([
      'Sydney/Canberra:groups[0].guests: guest users need global federation on the group (the API accepts enableGuestFederation only with globalFederation on); set global to RESTRICTED or ALL, or guests to false (got true)',
    ]);
  });

  test('fails when the network is not in the stack\'s Region, a link names an unknown group, a group is named twice, or a partner is malformed', () => {
    const { sydney } = stacks();
    const e = errorOf(
      () =>
        new NetworkFederation(sydney, 'London', {
          network: london,
          groups: [
            { name: 'Default', isDefault: true, permit: [FederationPeer.awsNetwork({ label: 'bad', region: 'eu-west-2', networkId: '123' })] },
            { name: 'Default' },
            { name: 'Tokyo', permit: [FederationPeer.enterpriseNetwork({ label: 'ent', domain: 'not a domain', networkId: '12345678' })] },
          ],
          links: [FederationLink.between({ network: london, groups: ['Consular'] }, { network: canberra, groups: ['Staff'] })],
        }),
    );
    expect(e.lines).toEqual([
      'Sydney/London:network: the network is in eu-west-2; put its NetworkFederation in a stack of that Region (got "dea/london"; allowed ap-southeast-2)',
      'Sydney/London:groups[1].name: each group is configured once (got "Default")',
      'Sydney/London:links[0]: the link names group Consular of dea/london, which is not in groups (got "Consular"; allowed Default, Tokyo)',
      'Sydney/London:groups[0].permit: bad: a Wickr network id is 8 digits (got "123")',
      'Sydney/London:groups[2].permit: ent: must be a domain name such as wickr.partner.example (got "not a domain")',
    ]);
  });
});
