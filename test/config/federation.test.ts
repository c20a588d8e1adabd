import { KitConfigError, parseConfig } from '../../lib/config';
import { analyzeFederation } from '../../lib/config/federation-plan';

/**
 * Two agencies: dea (Sydney, London, a second Sydney network) and ally (Tokyo), same account unless
 * a test says otherwise. `federation` is appended as given.
 */
const config = (federation: string, opts: { allyAccount?: string; deaAllowed?: string } = {}) => `version: 1
agencies:
  - id: dea
    name: Example agency
    recordsOwner: Records Unit
    homeRegion: ap-southeast-2
    allowedRegions: ${opts.deaAllowed ?? '[ap-southeast-2, eu-west-2, ap-northeast-1, us-east-1]'}
    networks:
      - id: canberra
        name: dea-canberra
        region: ap-southeast-2
        securityGroups:
          - { name: Staff, default: true }
          - { name: Executives }
      - { id: london, name: dea-london, region: eu-west-2 }
      - { id: sydney-ops, name: dea-sydney-ops, region: ap-southeast-2 }
      - { id: virginia, name: dea-virginia, region: us-east-1 }
  - id: ally
    name: Allied agency
    recordsOwner: Records Unit
    homeRegion: ap-northeast-1
    allowedRegions: [ap-northeast-1, ap-southeast-2]
${opts.allyAccount ? `    account: "${opts.allyAccount}"\n` : ''}    networks:
      - { id: tokyo, name: ally-tokyo, region: ap-northeast-1 }
federation:
${federation}`;

function problems(text: string): string[] {
  try {
    parseConfig(text, 'test.yaml');
  } catch (e) {
    if (KitConfigError.isKitConfigError(e)) return e.lines;
    throw e;
  }
  throw new Error('expected the config to be rejected');
}

const link = (a: string, b: string) => `    - between:\n        - ${a}\n        - ${b}\n`;

describe('federation config: accepted and resolved', () => {
  test('a link between Regions is global restricted on both sides; one in a Region is local restricted; every other group is off', () => {
    const parsed = parseConfig(
      config(`  links:
${link('{ network: dea/canberra, groups: [Staff, Executives] }', '{ network: dea/london, groups: [Default] }')}${link('{ network: dea/canberra, groups: [Staff] }', '{ network: dea/sydney-ops, groups: [Default] }')}`),
      'test.yaml',
    );
    const { plan, problems: found } = analyzeFederation(parsed);
    expect(found).toEqual([]);
    const groups = Object.fromEntries(plan.networks.flatMap((n) => n.groups.map((g) => [`${n.key}#${g.name}`, [g.local, g.global, g.guests, g.peers.map((p) => (p.kind === 'network' ? p.key : p.id))]])));
    expect(groups).toEqual({
      'dea/canberra#Staff': ['restricted', 'restricted', false, ['dea/london', 'dea/sydney-ops']],
      'dea/canberra#Executives': ['none', 'restricted', false, ['dea/london']],
      'dea/london#Default': ['none', 'restricted', false, ['dea/canberra']],
      'dea/sydney-ops#Default': ['restricted', 'none', false, ['dea/canberra']],
      'dea/virginia#Default': ['none', 'none', false, []],
      'ally/tokyo#Default': ['none', 'none', false, []],
    });
    // The default group is named by the config where it names one.
    expect(plan.networks[0].groups.map((g) => [g.name, g.isDefault])).toEqual([
      ['Staff', true],
      ['Executives', false],
    ]);
    expect(plan.networks.map((n) => n.parameterName)).toContain('/wickr-kit/dea/london/network-id');
    expect(plan.links.map((l) => l.scope)).toEqual(['global', 'local']);
  });

  test('a partner link allow-lists the partner on our side only and leaves a note that their side is theirs', () => {
    const parsed = parseConfig(
      config(`  partners:
    - { id: uk, name: UK partner, region: eu-west-2, networkId: "24681357" }
    - { id: us-ent, name: US Enterprise partner, enterpriseDomain: wickr.partner.example, networkId: "13572468" }
  links:
${link('{ network: dea/london, groups: [Default] }', '{ partner: uk }')}${link('{ partner: us-ent }', '{ network: dea/canberra, groups: [Executives] }')}`),
      'test.yaml',
    );
    const { plan } = analyzeFederation(parsed);
    const london = plan.networks.find((n) => n.key === 'dea/london')!.groups[0];
    expect([london.local, london.global, london.peers]).toEqual(['restricted', 'none', [expect.objectContaining({ kind: 'aws-partner', id: 'uk', region: 'eu-west-2', networkId: '24681357', scope: 'local' })]]);
    const execs = plan.networks[0].groups.find((g) => g.name === 'Executives')!;
    expect([execs.local, execs.global, execs.peers]).toEqual(['none', 'restricted', [expect.objectContaining({ kind: 'enterprise-partner', domain: 'wickr.partner.example', scope: 'global' })]]);
    expect(plan.notes).toEqual([
      expect.stringMatching(/^federation\.links\[0\]: partner uk \(UK partner\) must allow-list dea\/london in their own groups; the kit configures only dea\/london's side \(Default\)/),
      expect.stringMatching(/^federation\.links\[1\]: partner us-ent \(US Enterprise partner\) must allow-list dea\/canberra/),
      'federation.links[1]: partner us-ent is a Wickr Enterprise network (wickr.partner.example); where it holds data is not known to the kit, so data residency is not checked for it',
    ]);
  });

  test('guests with global restricted and no peers (guests only), and "all" scopes from the group options', () => {
    const parsed = parseConfig(
      config(`  groups:
    - { network: dea/canberra, group: Executives, global: restricted, guests: true }
    - { network: dea/virginia, group: Default, local: all }
    - { network: dea/canberra, group: Staff, global: all }`),
      'test.yaml',
    );
    const { plan } = analyzeFederation(parsed);
    const pick = (key: string, name: string) => plan.networks.find((n) => n.key === key)!.groups.find((g) => g.name === name)!;
    expect(pick('dea/canberra', 'Executives')).toMatchObject({ local: 'none', global: 'restricted', guests: true, peers: [] });
    expect(pick('dea/virginia', 'Default')).toMatchObject({ local: 'all', global: 'none', guests: false });
    expect(pick('dea/canberra', 'Staff')).toMatchObject({ local: 'none', global: 'all' });
  });

  test('rejects local: all beside global federation (one federationMode picks local, restricted or global), and local: all or guests on a STANDARD network', () => {
    const lines = problems(
      config(`  groups:
    - { network: dea/virginia, group: Default, local: all, global: all }`),
    );
    expect(lines).toEqual([expect.stringMatching(/^test\.yaml:federation\.groups\[0\]\.local: local: all cannot be combined with global federation: Wickr's federationMode selects one of local/)]);
    const standard = problems(
      config(`  groups:
    - { network: dea/virginia, group: Default, local: all }
    - { network: dea/canberra, group: Executives, global: restricted, guests: true }`).replace('id: virginia,', 'id: virginia, accessLevel: STANDARD,').replace('        region: ap-southeast-2\n        securityGroups:', '        region: ap-southeast-2\n        accessLevel: STANDARD\n        securityGroups:'),
    );
    expect(standard).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^test\.yaml:federation\.groups\[0\]\.local: federation with every network of the Region \(local: all\) is not available on STANDARD networks/),
        expect.stringMatching(/^test\.yaml:federation\.groups\[1\]\.guests: guest users need a PREMIUM network: on STANDARD, Wickr refuses enableGuestFederation with HTTP 402/),
      ]),
    );
  });
});

describe('federation config: rejected with the path, the value and what to do', () => {
  test('rejects a link to an undeclared network, group or partner', () => {
    const lines = problems(
      config(`${link('{ network: dea/perth, groups: [Default] }', '{ network: dea/london, groups: [Default] }')}${link('{ network: dea/canberra, groups: [Consular] }', '{ partner: nobody }')}`.replace(/^/, '  links:\n')),
    );
    expect(lines).toEqual(
      expect.arrayContaining([
        'test.yaml:federation.links[0].between[0].network: no network of this config has this id (got "dea/perth"; allowed dea/canberra, dea/london, dea/sydney-ops, dea/virginia, ally/tokyo)',
        'test.yaml:federation.links[1].between[0].groups[0]: network dea/canberra declares no security group of this name (got "Consular"; allowed Staff, Executives)',
        'test.yaml:federation.links[1].between[1].partner: no entry of federation.partners has this id (got "nobody"; allowed none declared)',
      ]),
    );
  });

  test('rejects a network side without groups, a partner side with groups, and a side naming both', () => {
    const lines = problems(
      `${config(`  partners:
    - { id: uk, name: UK partner, region: eu-west-2, networkId: "24681357" }
  links:
${link('{ network: dea/canberra }', '{ partner: uk, groups: [Staff] }')}${link('{ network: dea/canberra, groups: [Staff], partner: uk }', '{ network: dea/london, groups: [Default] }')}`)}`,
    );
    expect(lines).toEqual(
      expect.arrayContaining([
        'test.yaml:federation.links[0].between[0].groups: name the security groups of dea/canberra this link applies to (got nothing; allowed Staff, Executives)',
        "test.yaml:federation.links[0].between[1].groups: a partner's groups are theirs to configure; remove groups from this side (got [\"Staff\"])",
        'test.yaml:federation.links[1].between[0]: a side names either network (with groups) or partner, not both and not neither (got {"network":"dea/canberra","partner":"uk"})',
      ]),
    );
  });

  test('rejects a Region outside allowedRegions, for networks of the config and for partners', () => {
    const lines = problems(
      config(
        `  partners:
    - { id: us, name: US partner, region: us-east-1, networkId: "24681357" }
  links:
${link('{ network: dea/canberra, groups: [Staff] }', '{ network: dea/london, groups: [Default] }')}${link('{ network: ally/tokyo, groups: [Default] }', '{ partner: us }')}`,
        { deaAllowed: '[ap-southeast-2, us-east-1]' },
      ),
    );
    expect(lines).toEqual(
      expect.arrayContaining([
        'test.yaml:federation.links[0].between[1]: Region eu-west-2 is outside agencies[0].allowedRegions, the agency of dea/canberra (data residency: federated conversations are held on both sides); add the Region there only if the agency may hold data in it, or remove the link (got "eu-west-2"; allowed ap-southeast-2, us-east-1)',
        'test.yaml:federation.links[1].between[1]: Region us-east-1 is outside agencies[1].allowedRegions, the agency of ally/tokyo (data residency: federated conversations are held on both sides); add the Region there only if the agency may hold data in it, or remove the link (got "us-east-1"; allowed ap-northeast-1, ap-southeast-2)',
      ]),
    );
  });

  test('rejects a partner in a Region without Wickr, and a partner with both or neither of region and enterpriseDomain', () => {
    const lines = problems(
      config(`  partners:
    - { id: a, name: A, region: eu-west-3, networkId: "11111111" }
    - { id: b, name: B, region: eu-west-2, enterpriseDomain: wickr.b.example, networkId: "22222222" }
    - { id: c, name: C, networkId: "33333333" }
    - { id: a, name: A again, region: eu-west-2, networkId: "44444444" }`),
    );
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^test\.yaml:federation\.partners\[0\]\.region: AWS Wickr is not offered in this Region \(see docs\/regions\.md for the catalog and its sources\) \(got "eu-west-3"; allowed .*eu-west-2.*\)$/),
        'test.yaml:federation.partners[1]: give the partner either region (an AWS Wickr network) or enterpriseDomain (a Wickr Enterprise network), not both and not neither (got {"region":"eu-west-2","enterpriseDomain":"wickr.b.example"})',
        'test.yaml:federation.partners[2]: give the partner either region (an AWS Wickr network) or enterpriseDomain (a Wickr Enterprise network), not both and not neither (got {})',
        'test.yaml:federation.partners[3].id: partner id is already used by another entry of federation.partners (got "a")',
      ]),
    );
  });

  test('rejects conflicting modes in one group: all or none where links restrict, and a group configured twice', () => {
    const lines = problems(
      config(`  links:
${link('{ network: dea/canberra, groups: [Staff] }', '{ network: dea/sydney-ops, groups: [Default] }')}${link('{ network: dea/canberra, groups: [Staff] }', '{ network: dea/london, groups: [Default] }')}  groups:
    - { network: dea/canberra, group: Staff, local: all }
    - { network: dea/london, group: Default, global: none }
    - { network: dea/canberra, group: Staff, guests: true }`),
    );
    expect(lines).toEqual(
      expect.arrayContaining([
        'test.yaml:federation.groups[0].local: conflicting modes: local: all for group Staff of dea/canberra, but federation.links[0] restricts it to named networks; remove local: all to keep only the linked networks, or remove the link (got "all"; allowed restricted (or leave it out))',
        'test.yaml:federation.groups[1].global: conflicting modes: global: none for group Default of dea/london, but federation.links[1] restricts it to named networks; remove global: none to keep only the linked networks, or remove the link (got "none"; allowed restricted (or leave it out))',
        'test.yaml:federation.groups[2]: conflicting options: group Staff of dea/canberra is already configured by federation.groups[0]; configure each group once (got "dea/canberra Staff")',
      ]),
    );
  });

  test('rejects guests where the API says they are invalid (without global federation), with the us-east-1 console difference named there', () => {
    const lines = problems(
      config(`  groups:
    - { network: dea/canberra, group: Executives, local: all, guests: true }
    - { network: dea/virginia, group: Default, guests: true }`),
    );
    expect(lines).toEqual([
      'test.yaml:federation.groups[0].guests: guest users need global federation on the group (the API accepts enableGuestFederation only with globalFederation on); set global: restricted (guests only, or with cross-Region links) or global: all on this group, or guests: false (got true)',
      'test.yaml:federation.groups[1].guests: guest users need global federation on the group (the API accepts enableGuestFederation only with globalFederation on) (in us-east-1 the console shows the guest toggle under local federation, but the API rule is the same); set global: restricted (guests only, or with cross-Region links) or global: all on this group, or guests: false (got true)',
    ]);
  });

  test('rejects a link of a network with itself, and a link between two partners', () => {
    const lines = problems(
      config(`  partners:
    - { id: uk, name: UK, region: eu-west-2, networkId: "24681357" }
    - { id: us, name: US, region: us-east-1, networkId: "13572468" }
  links:
${link('{ network: dea/canberra, groups: [Staff] }', '{ network: dea/canberra, groups: [Executives] }')}${link('{ partner: uk }', '{ partner: us }')}`),
    );
    expect(lines).toEqual([
      'test.yaml:federation.links[0].between[1].network: a network cannot federate with itself; to let its groups talk to each other nothing is needed (got "dea/canberra")',
      'test.yaml:federation.links[1].between: a link needs at least one network of this config; between two partners there is nothing for the kit to configure (got ["uk","us"])',
    ]);
  });

  test('rejects a link across accounts (each side would need the other account\'s SSM), pointing to partners', () => {
    const lines = problems(config(link('{ network: dea/canberra, groups: [Staff] }', '{ network: ally/tokyo, groups: [Default] }').replace(/^/, '  links:\n'), { allyAccount: '111122223333' }));
    expect(lines).toEqual([
      "test.yaml:federation.links[0].between: dea/canberra and ally/tokyo deploy to the default account (aws) and account 111122223333 (aws): a federation stack can read peers' ids only in its own account and partition. Declare each side as a partner of the other (federation.partners, with the network id) instead (got [\"dea/canberra\",\"ally/tokyo\"])",
    ]);
  });

  test('rejects a malformed network reference in the schema, with the form to use', () => {
    const lines = problems(config(link('{ network: canberra, groups: [Staff] }', '{ network: dea/london, groups: [Default] }').replace(/^/, '  links:\n')));
    expect(lines).toContainEqual(expect.stringMatching(/^test\.yaml:federation\.links\[0\]\.between\[0\]\.network: name a network of this config as <agency id>\/<network id>, e.g\. dea\/canberra/));
  });
});
