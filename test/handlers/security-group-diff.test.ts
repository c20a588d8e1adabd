/**
 * What "differs" means for a security group (lambda/shared/security-group-diff.ts), for the handler
 * that converges and for drift detection: configured members only, nested objects read-modify-write,
 * calling read from `calling` or the live `CALLING`, the extra live switches never written.
 */
import { reportedOnlySwitches, settingsDifferences, settingsPatch } from '../../lambda/shared/security-group-diff';
import { isPlanTierError } from '../../lambda/wickr';
import { premiumOnlyMembersIn } from '../../lambda/shared/plan-tier';

const LIVE = {
  CALLING: { canStart11Call: true, canVideoCall: true, forceTcpCall: false, canAddtoCall: true, canStartGroupCall: true, canStartRoomCall: true, canStartScreenShare: true },
  passwordRequirements: { minLength: 8, lowercase: 0, uppercase: 0, numbers: 0, symbols: 0, regex: '^.{8,}$' },
  shredder: { intensity: 0, canProcessManually: true, canProcessInBackground: false },
  maxTtl: 2592000,
  quickResponses: ['a', 'b'],
  lockoutThreshold: 10,
};

describe('settingsDifferences: configured members only', () => {
  test('nothing differs when every configured member matches, whatever the service adds', () => {
    expect(settingsDifferences(LIVE, { calling: { canStart11Call: true }, passwordRequirements: { minLength: 8 }, maxTtl: 2592000, quickResponses: ['a', 'b'] })).toEqual([]);
  });

  test('differences are leaf by leaf, with what was configured and what the service holds', () => {
    expect(settingsDifferences(LIVE, { calling: { canVideoCall: false }, shredder: { intensity: 60 }, maxTtl: 604800, quickResponses: ['a'], presenceEnabled: false })).toEqual([
      { member: 'calling.canVideoCall', expected: false, actual: true },
      { member: 'shredder.intensity', expected: 60, actual: 0 },
      { member: 'maxTtl', expected: 604800, actual: 2592000 },
      { member: 'quickResponses', expected: ['a'], actual: ['a', 'b'] },
      { member: 'presenceEnabled', expected: false, actual: undefined },
    ]);
  });

  test('calling is read from the lowercase object too, and from both (member by member)', () => {
    expect(settingsDifferences({ calling: { canStart11Call: false } }, { calling: { canStart11Call: false } })).toEqual([]);
    expect(settingsDifferences({ calling: { canStart11Call: true }, CALLING: { canVideoCall: false } }, { calling: { canStart11Call: true, canVideoCall: false } })).toEqual([]);
  });
});

describe('settingsPatch: read-modify-write', () => {
  test('sends nothing when nothing differs', () => {
    expect(settingsPatch(LIVE, { maxTtl: 2592000, shredder: { intensity: 0 } })).toEqual({});
  });

  test('a nested object goes back whole, with the members the live service requires', () => {
    expect(settingsPatch(LIVE, { passwordRequirements: { minLength: 14 }, shredder: { intensity: 60 } })).toEqual({
      passwordRequirements: { minLength: 14, lowercase: 0, uppercase: 0, numbers: 0, symbols: 0, regex: '^.{8,}$' },
      shredder: { intensity: 60, canProcessManually: true, canProcessInBackground: false },
    });
  });

  test('calling goes back under calling with the model members only: the extra switches are never written', () => {
    expect(settingsPatch(LIVE, { calling: { canVideoCall: false } })).toEqual({ calling: { canStart11Call: true, canVideoCall: false, forceTcpCall: false } });
  });

  test('scalars and lists that differ are sent as configured', () => {
    expect(settingsPatch(LIVE, { maxTtl: 86400, quickResponses: [] })).toEqual({ maxTtl: 86400, quickResponses: [] });
  });

  test('screen sharing is reported from either calling object, and absent when not sent', () => {
    expect(reportedOnlySwitches(LIVE)).toEqual({ screenShare: true });
    expect(reportedOnlySwitches({ calling: { canStart11Call: true } })).toEqual({});
  });
});

describe('plan tiers', () => {
  test('premiumOnlyMembersIn names the PREMIUM-only members a write carries, nested ones by path', () => {
    expect(premiumOnlyMembersIn({ maxTtl: 1, presenceEnabled: true, calling: { canVideoCall: false }, passwordRequirements: { minLength: 1 } })).toEqual(['maxTtl', 'calling.canVideoCall']);
    expect(premiumOnlyMembersIn({ presenceEnabled: true, lockoutThreshold: 10 })).toEqual([]);
  });

  test('isPlanTierError: a 402, or the live messages, and nothing else', () => {
    expect(isPlanTierError({ name: 'UnknownError', $metadata: { httpStatusCode: 402 }, message: 'x' })).toBe(true);
    expect(isPlanTierError({ name: 'BadRequestError', $metadata: { httpStatusCode: 400 }, message: 'CreateDataRetentionBot failed: BadRequestError (400): Action not permitted with current access level' })).toBe(true);
    expect(isPlanTierError({ name: 'ValidationError', $metadata: { httpStatusCode: 400 }, message: 'This request contains invalid options or data.' })).toBe(false);
    expect(isPlanTierError(undefined)).toBe(false);
  });
});
