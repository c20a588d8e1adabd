import { VerdictInput, verdictOf } from '../../../lib/nag/baseline/verdict';

const passing: VerdictInput = { responsibility: 'kit', checked: true, nagRan: true, compliant: 12, nonCompliant: 0, acknowledged: 0, riskAccepted: 0, riskExpired: 0 };

describe('the verdict of a control', () => {
  test('is met when the kit answers for all of it and every result of its rules passed', () => {
    expect(verdictOf(passing).verdict).toBe('met');
    expect(verdictOf({ ...passing, acknowledged: 3 }).verdict).toBe('met');
  });

  test('is partially met, never met, when the kit covers only part of it, however clean its results', () => {
    expect(verdictOf({ ...passing, responsibility: 'shared' })).toEqual({ verdict: 'partially-met', basis: expect.stringMatching(/kit's part passed/) });
  });

  test('is not assessed when the agency or AWS answers for it, even when its rules all passed (no IAM users is not MFA)', () => {
    expect(verdictOf({ ...passing, responsibility: 'agency' })).toEqual({ verdict: 'not-assessed', basis: expect.stringMatching(/agency answers/) });
    expect(verdictOf({ ...passing, responsibility: 'aws' }).verdict).toBe('not-assessed');
  });

  test('is not assessed when nothing applied, no rule checks it, or nag did not run: never met for want of anything to check', () => {
    expect(verdictOf({ ...passing, compliant: 0 })).toEqual({ verdict: 'not-assessed', basis: expect.stringMatching(/found nothing to check/) });
    expect(verdictOf({ ...passing, checked: false }).verdict).toBe('not-assessed');
    expect(verdictOf({ ...passing, nagRan: false, compliant: 0 })).toEqual({ verdict: 'not-assessed', basis: expect.stringMatching(/did not run/) });
  });

  test('is not met when a result failed unacknowledged, for the kit and shared alike', () => {
    expect(verdictOf({ ...passing, nonCompliant: 1 }).verdict).toBe('not-met');
    expect(verdictOf({ ...passing, responsibility: 'shared', nonCompliant: 2 })).toEqual({ verdict: 'not-met', basis: '2 result(s) failed with no acknowledgement.' });
  });

  test('is partially met while a risk acceptance is current, and not met once it has expired', () => {
    expect(verdictOf({ ...passing, acknowledged: 4, riskAccepted: 4 }).verdict).toBe('partially-met');
    expect(verdictOf({ ...passing, acknowledged: 4, riskExpired: 4 })).toEqual({ verdict: 'not-met', basis: expect.stringMatching(/past its review date/) });
  });
});
