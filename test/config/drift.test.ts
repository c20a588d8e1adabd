/**
 * The `driftDetection` section (on by default, daily) and its schedule rules, and the drift plan:
 * the desired state the check compares with is exactly what the stacks deploy.
 */
import { parseProperties } from '../../lambda/shared/props';
import { NetworkSettingsPropertiesSchema } from '../../lambda/shared/network-settings-props';
import { SecurityGroupPropertiesSchema } from '../../lambda/shared/security-group-props';
import { scheduleExpressionProblem } from '../../lib/config/drift';
import { driftDesiredStates } from '../../lib/config/drift-plan';
import { loadConfigFile, parseConfig } from '../../lib/config/loader';
import { exampleConfigText, synthKit } from '../helpers/lifecycle';
import { EXAMPLE_CONFIG } from '../helpers/kit';
import { problemLines } from '../helpers/problems';
import { oneAgencyConfig } from '../helpers/config-text';

const config = (drift: string) => oneAgencyConfig('      - { id: canberra, name: dea-canberra, region: ap-southeast-2 }', drift);

describe('driftDetection in the config', () => {
  test('is on by default, daily, with no e-mail and no Security Hub', () => {
    expect(parseConfig(config(''), 'a.yaml').agencies[0].driftDetection).toEqual({ enabled: true, schedule: 'rate(1 day)', notify: [], securityHub: false });
  });

  test('accepts rate and cron expressions EventBridge Scheduler takes', () => {
    for (const e of ['rate(1 day)', 'rate(12 hours)', 'rate(1 hour)', 'rate(90 minutes)', 'cron(0 18 * * ? *)', 'cron(30 21 ? * MON-FRI *)', 'cron(0 6 1,15 * ? 2027)']) {
      expect([e, scheduleExpressionProblem(e)]).toEqual([e, undefined]);
    }
    const parsed = parseConfig(config('    driftDetection: { schedule: "cron(0 18 * * ? *)", notify: [secops@dea.example.gov.au], securityHub: true }\n'), 'a.yaml');
    expect(parsed.agencies[0].driftDetection).toMatchObject({ schedule: 'cron(0 18 * * ? *)', notify: ['secops@dea.example.gov.au'], securityHub: true });
  });

  test('fails when the schedule is not one, with the field, the value and the fix', () => {
    const lines = problemLines(() =>
      parseConfig(config('    driftDetection: { schedule: "rate(1 days)", notify: [not-an-email] }\n'), 'a.yaml'),
    );
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^a\.yaml:agencies\[0\]\.driftDetection\.schedule: write rate\(1 day\): EventBridge Scheduler takes the singular unit for 1.*\(got "rate\(1 days\)"\)$/),
        expect.stringMatching(/^a\.yaml:agencies\[0\]\.driftDetection\.notify\[0\]: /),
      ]),
    );
    expect(scheduleExpressionProblem('rate(2 day)')).toMatch(/write rate\(2 days\)/);
    expect(scheduleExpressionProblem('rate(15 minutes)')).toMatch(/at most hourly/);
    expect(scheduleExpressionProblem('cron(0 18 * * *)')).toMatch(/six fields.*this one has 5/);
    expect(scheduleExpressionProblem('cron(0 18 * * MON *)')).toMatch(/exactly one of day-of-month and day-of-week/);
    expect(scheduleExpressionProblem('cron(0 25h * * ? *)')).toMatch(/hours field "25h"/);
    expect(scheduleExpressionProblem('at(2027-01-01T00:00:00)')).toMatch(/runs once/);
    expect(scheduleExpressionProblem('daily')).toMatch(/must be an EventBridge Scheduler expression/);
  });

  test('an unknown field in the section is an error, never ignored', () => {
    expect(problemLines(() => parseConfig(config('    driftDetection: { shedule: "rate(1 day)" }\n'), 'a.yaml')).join('\n')).toMatch(/driftDetection\.shedule/);
  });
});

describe('the drift plan', () => {
  const example = loadConfigFile(EXAMPLE_CONFIG).config;

  test('one desired state per agency; a Region selects its networks, and names the peers they federate with elsewhere', () => {
    const all = driftDesiredStates(example);
    expect(all.map((s) => [s.agency, s.networks.map((n) => n.key), s.peerNetworks.length])).toEqual([['dea', ['dea/canberra', 'dea/london', 'dea/tokyo', 'dea/washington'], 0]]);
    const [sydney] = driftDesiredStates(example, { region: 'ap-southeast-2' });
    expect(sydney.networks.map((n) => n.key)).toEqual(['dea/canberra']);
    expect(sydney.peerNetworks.map((n) => [n.key, n.region, n.parameterName])).toEqual([
      ['dea/london', 'eu-west-2', '/wickr-kit/dea/london/network-id'],
      ['dea/tokyo', 'ap-northeast-1', '/wickr-kit/dea/tokyo/network-id'],
      ['dea/washington', 'us-east-1', '/wickr-kit/dea/washington/network-id'],
    ]);
    expect(driftDesiredStates(example, { federation: false })[0].networks.every((n) => n.federation === undefined)).toBe(true);
  });

  test('holds no secret: SSO without its client secret, bots without passwords', () => {
    const states = driftDesiredStates(example);
    expect(JSON.stringify(states)).not.toContain('dea/wickr/oidc-client-secret');
    const keys: string[] = [];
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v !== null && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          keys.push(k);
          walk(x);
        }
      }
    };
    walk(states);
    expect(keys.filter((k) => /secret|password$|challenge/i.test(k))).toEqual([]);
  });

  test("compares with exactly what the stacks deploy: every group's Settings and every network's settings", () => {
    const stacks = synthKit(exampleConfigText());
    const [state] = driftDesiredStates(example);
    for (const network of state.networks) {
      const template = stacks.find((s) => s.stackName === `WickrKit-dea-${network.region}`)!.template as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
      const resources = Object.values(template.Resources);
      const groups = resources.filter((r) => r.Type === 'Custom::WickrSecurityGroup').map((r) => parseProperties(SecurityGroupPropertiesSchema, { ...r.Properties, NetworkId: '12345678' }));
      expect(network.securityGroups.map((g) => ({ name: g.name, isDefault: g.isDefault, settings: g.settings }))).toEqual(
        groups.map((g) => ({ name: g.GroupName, isDefault: g.IsDefault, settings: g.Settings ?? {} })),
      );
      const settings = resources.filter((r) => r.Type === 'Custom::WickrNetworkSettings').map((r) => parseProperties(NetworkSettingsPropertiesSchema, { ...r.Properties, NetworkId: '12345678' }).Settings);
      expect([network.key, network.settings]).toEqual([network.key, settings[0]]);
    }
  });
});
