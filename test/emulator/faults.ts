/**
 * Fault injection. A rule picks requests (by operation and Region) and fires either by script (the
 * next N matching calls) or by probability drawn from a seeded PRNG, so a failing run replays exactly
 * with the same seed and the same request order.
 *
 * Phase `before`: the request is NOT processed (no state change) and the client sees the fault.
 * Phase `after`: the request IS processed (state changed, idempotency token recorded) and then its
 * response is replaced or lost — the case that proves a retried token-carrying create does not
 * duplicate. Latency is not terminal: it delays and the request carries on (or meets another fault).
 */
import { Random, seededRandom } from './random';

/**
 * `forbidden` answers 403 ForbiddenError without processing, as a refused call would (a missing IAM
 * permission): the live service answers the same error for a deleted network, and the kit must tell
 * the two apart.
 */
export type FaultKind = 'rate-limit' | 'server-error' | 'latency' | 'drop' | 'forbidden';
export type FaultPhase = 'before' | 'after';

export interface FaultRule {
  readonly kind: FaultKind;
  /** Default 'before'. */
  readonly phase?: FaultPhase;
  /** Operations this rule applies to; default every operation. */
  readonly operations?: string | readonly string[];
  /** Regions this rule applies to; default every Region. */
  readonly regions?: string | readonly string[];
  /** Fire with this probability (seeded PRNG). Without it the rule fires on every matching call. */
  readonly probability?: number;
  /** Fire at most this many times, then the rule is spent and removed. Default unlimited. */
  readonly times?: number;
  /** For 'latency': delay in ms (default 50). */
  readonly latencyMs?: number;
  /** Error message override for 'rate-limit', 'server-error' and 'forbidden'. */
  readonly message?: string;
}

export interface ActiveFaultRule extends FaultRule {
  readonly id: string;
  /** Times fired so far. */
  readonly fired: number;
}

/** What happened to one request, as recorded in the request log. */
export interface FaultEvent {
  readonly ruleId: string;
  readonly kind: FaultKind;
  readonly phase: FaultPhase;
  readonly latencyMs?: number;
}

export interface FaultDecision {
  readonly latencyBeforeMs: number;
  readonly latencyAfterMs: number;
  /** The terminal fault (rate-limit, server-error, forbidden or drop) that fired, if any. */
  readonly terminal?: FaultEvent & { readonly message?: string };
  readonly events: readonly FaultEvent[];
}

export interface FaultOptions {
  readonly seed?: number;
  readonly rules?: readonly FaultRule[];
}

export interface FaultController {
  /** Adds a rule; returns its id. Rules are tried in the order they were added. */
  add(rule: FaultRule): string;
  /** "The next `count` calls to `operation` fail with `kind`." */
  next(operation: string, count: number, kind: FaultKind, options?: Omit<FaultRule, 'kind' | 'operations' | 'times'>): string;
  /** "Each matching call fails with `kind` with probability `probability`." */
  random(probability: number, kind: FaultKind, options?: Omit<FaultRule, 'kind' | 'probability'>): string;
  remove(id: string): void;
  /** Removes every rule (the PRNG keeps its position; use reseed to restart it). */
  clear(): void;
  reseed(seed: number): void;
  list(): readonly ActiveFaultRule[];
}

function asList(value: string | readonly string[] | undefined): readonly string[] | undefined {
  return value === undefined ? undefined : typeof value === 'string' ? [value] : value;
}

export class Faults implements FaultController {
  private rules: Array<{ id: string; rule: FaultRule; fired: number }> = [];
  private random_: Random;
  private nextId = 1;

  constructor(options: FaultOptions = {}, defaultSeed = 1) {
    this.random_ = seededRandom(options.seed ?? defaultSeed);
    for (const rule of options.rules ?? []) this.add(rule);
  }

  add(rule: FaultRule): string {
    if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1)) {
      throw new Error(`fault probability must be within 0..1, got ${rule.probability}`);
    }
    if (rule.times !== undefined && !(Number.isInteger(rule.times) && rule.times > 0)) {
      throw new Error(`fault times must be a positive integer, got ${rule.times}`);
    }
    const id = `fault-${this.nextId++}`;
    this.rules.push({ id, rule, fired: 0 });
    return id;
  }

  next(operation: string, count: number, kind: FaultKind, options: Omit<FaultRule, 'kind' | 'operations' | 'times'> = {}): string {
    return this.add({ ...options, kind, operations: [operation], times: count });
  }

  random(probability: number, kind: FaultKind, options: Omit<FaultRule, 'kind' | 'probability'> = {}): string {
    return this.add({ ...options, kind, probability });
  }

  remove(id: string): void {
    this.rules = this.rules.filter((entry) => entry.id !== id);
  }

  clear(): void {
    this.rules = [];
  }

  reseed(seed: number): void {
    this.random_ = seededRandom(seed);
  }

  list(): readonly ActiveFaultRule[] {
    return this.rules.map(({ id, rule, fired }) => ({ ...rule, id, fired }));
  }

  /**
   * Decides the faults for one request. Every probabilistic rule that matches draws exactly one
   * number, whether or not an earlier rule already fired, so one rule's outcome never shifts another's.
   */
  decide(operation: string, region: string): FaultDecision {
    let latencyBeforeMs = 0;
    let latencyAfterMs = 0;
    let terminal: FaultDecision['terminal'];
    const events: FaultEvent[] = [];
    for (const entry of [...this.rules]) {
      const { rule } = entry;
      const operations = asList(rule.operations);
      const regions = asList(rule.regions);
      if (operations && !operations.includes(operation)) continue;
      if (regions && !regions.includes(region)) continue;
      const fires = rule.probability === undefined ? true : this.random_() < rule.probability;
      if (!fires) continue;
      const phase = rule.phase ?? 'before';
      if (rule.kind === 'latency') {
        const ms = rule.latencyMs ?? 50;
        if (phase === 'before') latencyBeforeMs += ms;
        else latencyAfterMs += ms;
        events.push({ ruleId: entry.id, kind: rule.kind, phase, latencyMs: ms });
      } else if (terminal) {
        continue; // one terminal fault per request; this rule keeps its remaining count
      } else {
        terminal = { ruleId: entry.id, kind: rule.kind, phase, message: rule.message };
        events.push({ ruleId: entry.id, kind: rule.kind, phase });
      }
      entry.fired++;
      if (rule.times !== undefined && entry.fired >= rule.times) this.remove(entry.id);
    }
    return { latencyBeforeMs, latencyAfterMs, terminal, events };
  }
}
