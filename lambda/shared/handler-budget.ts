/**
 * The time budget of the Wickr provider's handlers, shared by the construct (which sets the Lambda
 * timeout) and the handlers (which keep every retry inside it).
 *
 * A handler invocation may take at most the Lambda timeout. Its Wickr client retries throttling,
 * 5xx and lost connections with backoff (5 attempts a call by default), and one invocation makes many
 * calls, so without a bound a long throttling storm would run into the timeout, and CloudFormation
 * would show only "Task timed out". So each invocation gets a deadline, the Lambda's remaining time
 * minus a margin:
 * - no attempt starts, and no backoff sleeps, past the deadline; each attempt's socket timeout is cut
 *   to what is left;
 * - a call that gives up says so, with the operation, the network and the budget;
 * - as a last resort (a call outside the Wickr client that hangs), the invocation itself answers at
 *   the deadline plus half the margin, with the same kind of message.
 * The margin is what the handler keeps to report the failure: 10% of the timeout, at least 250 ms and
 * at most 30 s (the default 300 s timeout leaves a 270 s budget).
 */

/** The Lambda timeout of the provider's onEvent and isComplete functions, in seconds. */
export const HANDLER_TIMEOUT_SECONDS = 300;

/** The part of the remaining time kept back to report a failure, in ms. */
export function budgetMarginMs(remainingMs: number): number {
  return Math.min(30_000, Math.max(250, Math.floor(remainingMs / 10)));
}

/** What a handler invocation may spend: its deadline (ms since the epoch) and the numbers behind it. */
export interface HandlerBudget {
  readonly deadline: number;
  /** The Lambda time left when the invocation started, in ms. */
  readonly remainingMs: number;
  readonly marginMs: number;
}

/** The budget of an invocation that has `remainingMs` left (Lambda's getRemainingTimeInMillis). */
export function handlerBudget(now: number, remainingMs: number = HANDLER_TIMEOUT_SECONDS * 1000): HandlerBudget {
  const marginMs = budgetMarginMs(remainingMs);
  return { deadline: now + remainingMs - marginMs, remainingMs, marginMs };
}

/** "270 s of the Lambda's 300 s": how a failure message states the budget. */
export function describeBudget(budget: HandlerBudget): string {
  const s = (ms: number) => (ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`);
  return `${s(budget.remainingMs - budget.marginMs)} of the ${s(budget.remainingMs)} the Lambda function had left`;
}
