import { ACKNOWLEDGEMENTS, Acknowledgement } from '../../lib/nag/acknowledgements';
import { controlsOfRule } from '../../lib/nag/evidence/pack-mapping';
import { ISM_CONTROLS, ISM_SOURCE, ISM_SUPERSEDED, ismControl, oscalControlId } from '../../lib/nag/ism-controls';
import { ISM_RULES, ismRuleId } from '../../lib/nag/rules';

describe('the ISM control registry', () => {
  test('records the release the ids were verified against', () => {
    expect(ISM_SOURCE).toMatchObject({ release: 'December 2025', oscalVersion: '2025.12.9', baseline: 'PROTECTED' });
    expect(ISM_SOURCE.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  test('every entry is a verified PROTECTED-baseline control with a paraphrase and an implementation note', () => {
    for (const c of Object.values(ISM_CONTROLS)) {
      expect([c.id, c.verified, c.inProtectedBaseline]).toEqual([expect.stringMatching(/^ISM-\d{4}$/), true, true]);
      expect(c.summary.length).toBeGreaterThan(20);
      expect(c.implementation.length).toBeGreaterThan(20);
      expect(oscalControlId(c.id)).toBe(c.id.toLowerCase());
    }
  });

  test("every control a rule cites is registered, and each entry's checkedBy lists exactly the rules that cite it", () => {
    for (const rule of ISM_RULES) for (const id of rule.controls) expect([ismRuleId(rule), ismControl(id)?.id]).toEqual([ismRuleId(rule), id]);
    for (const c of Object.values(ISM_CONTROLS)) {
      const citing = ISM_RULES.filter((r) => r.controls.includes(c.id)).map(ismRuleId).sort();
      expect([c.id, [...c.checkedBy].sort()]).toEqual([c.id, citing]);
    }
  });

  test('every control cited by an acknowledgement or by the mapping of other packs is registered and current', () => {
    const acks = Object.entries(ACKNOWLEDGEMENTS as Record<string, Acknowledgement>);
    for (const [key, ack] of acks) {
      for (const id of ack.ismControls) {
        expect([key, id, ismControl(id) !== undefined, id in ISM_SUPERSEDED]).toEqual([key, id, true, false]);
      }
    }
    for (const rule of ['AwsSolutions-IAM5', 'NIST.800.53.R5-S3BucketReplicationEnabled', 'NIST.800.53.R5-CloudTrailLogFileValidationEnabled']) {
      expect(controlsOfRule(rule).length).toBeGreaterThan(0);
      for (const id of controlsOfRule(rule)) expect(ismControl(id)).toBeDefined();
    }
    expect(controlsOfRule('NIST.800.53.R5-LambdaDLQ')).toEqual([]);
  });

  test('each entry says who answers for it and why: kit exactly where the kit implements all of it', () => {
    for (const c of Object.values(ISM_CONTROLS)) {
      expect([c.id, c.responsibility === 'kit', c.rationale.length > 30]).toEqual([c.id, c.coverage === 'implemented', true]);
    }
    // No IAM users is no evidence of MFA: the agency's identity provider answers for it.
    expect([ismControl('ISM-1173')?.responsibility, ismControl('ISM-0974')?.responsibility]).toEqual(['agency', 'agency']);
    expect(ismControl('ISM-1139')).toMatchObject({ coverage: 'partial', responsibility: 'shared' });
  });

  test('acknowledgements cite controls their findings concern: not a contract clause for wildcards, not data in transit for a dead-letter queue', () => {
    const acks = ACKNOWLEDGEMENTS as Record<string, Acknowledgement>;
    const cited = (key: string, ruleId: string) => acks[key].rules.find((r) => r.ruleId === ruleId)?.ismControls ?? acks[key].ismControls;
    for (const [key, ack] of Object.entries(acks)) {
      for (const rule of ack.rules) for (const id of rule.ismControls ?? []) expect([key, rule.ruleId, ismControl(id) !== undefined]).toEqual([key, rule.ruleId, true]);
      if (ack.rules.some((r) => /IAM[45]|IAMPolicy/.test(r.ruleId))) expect([key, cited(key, 'AwsSolutions-IAM5')]).not.toEqual([key, expect.arrayContaining(['ISM-1572'])]);
    }
    for (const key of ['customResourceHandlerFunction', 'lostDeviceRunbookFunction', 'providerFramework']) {
      expect([key, cited(key, 'NIST.800.53.R5-LambdaDLQ'), cited(key, 'NIST.800.53.R5-LambdaInsideVPC')]).toEqual([key, ['ISM-1911'], ['ISM-1181']]);
    }
    expect(acks.botTaskEnvironment.ismControls).not.toContain('ISM-1852');
  });

  test('rejects ids the verified release no longer has', () => {
    expect(ismControl('ISM-0859')).toBeUndefined();
    expect(ISM_SUPERSEDED['ISM-0859']).toMatch(/ISM-1988/);
  });
});
