import { readIsmOscal } from '../../../lib/nag/baseline/ism-oscal';
import { RESPONSIBILITY_RULES, UNMATCHED_RULE, responsibilityRuleFor } from '../../../lib/nag/baseline/responsibility-rules';
import { describeWithIsmOscal, ISM_OSCAL_DIR } from '../../helpers/ism';

describe('responsibility rules', () => {
  test('name only aws or agency (kit and shared come from the kit\'s own mapping), each with a rationale, ids unique', () => {
    for (const r of RESPONSIBILITY_RULES) {
      expect([r.id, ['aws', 'agency'].includes(r.responsibility), r.rationale.length > 30]).toEqual([r.id, true, true]);
    }
    expect(new Set(RESPONSIBILITY_RULES.map((r) => r.id)).size).toBe(RESPONSIBILITY_RULES.length);
  });

  test('the most specific rule wins: a topic over its section over its guideline', () => {
    const dataCentre = { guideline: 'Guidelines for physical security', section: 'Facilities and systems', topic: 'Physical access to servers, network devices and cryptographic equipment' };
    expect(responsibilityRuleFor(dataCentre)).toMatchObject({ id: 'physical-data-centres', responsibility: 'aws' });
    expect(responsibilityRuleFor({ ...dataCentre, topic: 'Preventing observation by unauthorised people' })).toMatchObject({ id: 'physical', responsibility: 'agency' });
    expect(responsibilityRuleFor({ guideline: 'guidelines for SOFTWARE development', section: 'Artificial intelligence application development', topic: 'Prompt injection' }).id).toBe('ai-development');
  });

  test('a group no rule names falls to the agency, and says so', () => {
    expect(responsibilityRuleFor({ guideline: 'Guidelines for quantum networking', section: 'Entanglement', topic: 'Keys' })).toBe(UNMATCHED_RULE);
    expect(UNMATCHED_RULE).toMatchObject({ responsibility: 'agency', rationale: expect.stringMatching(/No responsibility rule/) });
  });
});

describeWithIsmOscal('responsibility rules on the December 2025 release', () => {
  test('every control of every baseline profile the kit uses is decided by a named rule, and every rule decides something', () => {
    const oscal = readIsmOscal(ISM_OSCAL_DIR, ['NON_CLASSIFIED', 'OFFICIAL_SENSITIVE', 'PROTECTED']);
    const used = new Set<string>();
    for (const profile of oscal.profiles.values()) {
      for (const id of profile.ids) {
        const rule = responsibilityRuleFor(oscal.catalog.controls.get(id)!);
        expect([id, rule.id]).not.toEqual([id, UNMATCHED_RULE.id]);
        used.add(rule.id);
      }
    }
    expect(RESPONSIBILITY_RULES.map((r) => r.id).filter((id) => !used.has(id))).toEqual([]);
  });
});
