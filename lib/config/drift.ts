/**
 * The `driftDetection` section of an agency: the scheduled drift check in each of its Regions with
 * networks (docs/runbooks/drift.md). Imported by schema.ts; lib/config/drift-plan.ts turns the
 * config into the desired state the check compares with, for the CLI and for the scheduled check.
 */
import { z } from 'zod';

/** Daily, as the issue of record asks: often enough to catch a console change within a working day. */
export const DEFAULT_DRIFT_SCHEDULE = 'rate(1 day)';

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const CRON = /^cron\((.*)\)$/;
const MONTHS = 'JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC';
const DAYS = 'SUN|MON|TUE|WED|THU|FRI|SAT';
const CRON_FIELDS: readonly { readonly name: string; readonly pattern: RegExp }[] = [
  { name: 'minutes', pattern: /^[0-9*,/-]+$/ },
  { name: 'hours', pattern: /^[0-9*,/-]+$/ },
  { name: 'day-of-month', pattern: /^[0-9*,/?LW-]+$/ },
  { name: 'month', pattern: new RegExp(`^([0-9*,/-]|${MONTHS})+$`, 'i') },
  { name: 'day-of-week', pattern: new RegExp(`^([0-9*,?L#-]|${DAYS})+$`, 'i') },
  { name: 'year', pattern: /^[0-9*,/-]+$/ },
];

/**
 * What is wrong with an EventBridge Scheduler expression for a recurring drift check, or undefined
 * when it is fine: `rate(<n> <unit>)` (at most hourly: each run reads every managed network) or a
 * six-field `cron(...)`; a one-time `at(...)` is refused, since a check that runs once is no control.
 */
export function scheduleExpressionProblem(expression: string): string | undefined {
  const rate = RATE.exec(expression);
  if (rate) {
    const value = Number(rate[1]);
    const unit = rate[2];
    if (value < 1) return 'a rate needs a value of 1 or more, e.g. rate(1 day)';
    if ((value === 1) !== !unit.endsWith('s')) return `write rate(${value} ${value === 1 ? unit.replace(/s$/, '') : `${unit.replace(/s$/, '')}s`}): EventBridge Scheduler takes the singular unit for 1 and the plural otherwise`;
    if (unit.startsWith('minute') && value < 60) return 'the drift check reads every managed network on each run, so run it at most hourly: use rate(1 hour) or longer';
    return undefined;
  }
  const cron = CRON.exec(expression);
  if (cron) {
    const fields = cron[1].trim().split(/\s+/);
    if (fields.length !== 6) return `a cron expression has six fields (minutes hours day-of-month month day-of-week year), e.g. cron(0 18 * * ? *); this one has ${fields.length}`;
    for (const [i, f] of CRON_FIELDS.entries()) {
      if (!f.pattern.test(fields[i])) return `the ${f.name} field "${fields[i]}" is not a cron value EventBridge Scheduler accepts`;
    }
    if ((fields[2] === '?') === (fields[4] === '?')) return 'give "?" in exactly one of day-of-month and day-of-week, e.g. cron(0 18 * * ? *)';
    return undefined;
  }
  if (expression.startsWith('at(')) return 'at(...) runs once; drift detection needs a recurring schedule: rate(1 day) or a cron(...) expression';
  return 'must be an EventBridge Scheduler expression: rate(1 day), rate(12 hours) or cron(0 18 * * ? *)';
}

export const DriftDetectionSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .default(true)
      .meta({ description: 'Run the scheduled drift check in each Region with networks (default true): it compares what the kit manages with what Wickr holds and reports every difference.' }),
    schedule: z
      .string()
      .default(DEFAULT_DRIFT_SCHEDULE)
      .superRefine((value, ctx) => {
        const problem = scheduleExpressionProblem(value);
        if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
      })
      .meta({ description: `When the check runs, as an EventBridge Scheduler expression in UTC: rate(...) at most hourly, or cron(...) (default ${DEFAULT_DRIFT_SCHEDULE}).` }),
    notify: z
      .array(z.email())
      .default([])
      .meta({ description: "Email addresses subscribed to the Region's drift topic (each must confirm the subscription); the topic also receives the drift alarm." }),
    securityHub: z
      .boolean()
      .default(false)
      .meta({ description: 'Also send each drifted member to AWS Security Hub as a finding (ASFF), resolved when it converges again (default false; needs Security Hub enabled in the Region).' }),
  })
  .meta({ description: "Drift detection: a scheduled, read-only check that the Wickr networks still hold what the config says (docs/runbooks/drift.md)." });
