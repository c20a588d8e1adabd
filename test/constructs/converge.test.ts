/** `-c converge=<text>`: every Wickr custom resource gets the marker (so CloudFormation updates it), the handlers never see it. */
import { CONVERGE_PROPERTY, parseProperties } from '../../lambda/shared/props';
import { NetworkSettingsPropertiesSchema } from '../../lambda/shared/network-settings-props';
import { exampleConfigText, synthKit, synthKitAssembly } from '../helpers/lifecycle';
import { problemLines } from '../helpers/problems';

type Template = { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };

describe('-c converge', () => {
  test('marks every Custom::Wickr* resource of every stack, and only those', () => {
    const stacks = synthKitAssembly(exampleConfigText(), 'example.yaml', { converge: 'CHG-1042' }).stacks;
    const resources = stacks.flatMap((s) => Object.values((s.template as Template).Resources));
    const wickr = resources.filter((r) => r.Type.startsWith('Custom::Wickr'));
    expect(wickr.length).toBeGreaterThan(20);
    expect(wickr.every((r) => r.Properties?.[CONVERGE_PROPERTY] === 'CHG-1042')).toBe(true);
    expect(resources.filter((r) => !r.Type.startsWith('Custom::Wickr') && r.Properties?.[CONVERGE_PROPERTY] !== undefined)).toEqual([]);
    // Without it, no marker at all.
    const plain = synthKit(exampleConfigText()).flatMap((s) => Object.values((s.template as Template).Resources));
    expect(plain.some((r) => r.Properties?.[CONVERGE_PROPERTY] !== undefined)).toBe(false);
  });

  test('the handlers parse their properties as if it were not there', () => {
    expect(parseProperties(NetworkSettingsPropertiesSchema, { ServiceToken: 'x', NetworkId: '12345678', Settings: { readReceipts: 'ENABLED' }, [CONVERGE_PROPERTY]: 'CHG-1042' })).toEqual({
      NetworkId: '12345678',
      Settings: { readReceipts: 'ENABLED' },
    });
  });

  test('fails when the text is empty or too long, saying what to give', () => {
    expect(problemLines(() => synthKitAssembly(exampleConfigText(), 'example.yaml', { converge: ' ' })).join('\n')).toMatch(
      /^-c converge:converge: give a short text that is new for this deployment, such as the change or incident number \(1 to 128 characters\) \(got " "\)$/,
    );
  });
});
