/**
 * Limits that the config validator and the constructs both check, defined once so that both count
 * the same way and a config problem is reported at its config path, never first at a construct path.
 */
import type { ConfigProblem } from './errors';
import { codePointLength } from './text';

/** Wickr network names: 1 to 20 characters, counted as Unicode code points (lib/config/text.ts). */
export const NETWORK_NAME_MAX_CHARS = 20;

/** The problem with a network name's length, if any, at `path`. */
export function networkNameProblems(path: string, name: string): ConfigProblem[] {
  const length = codePointLength(name);
  if (length >= 1 && length <= NETWORK_NAME_MAX_CHARS) return [];
  return [
    {
      path,
      message: `network name must be 1 to ${NETWORK_NAME_MAX_CHARS} characters`,
      got: name,
      allowed: `1 to ${NETWORK_NAME_MAX_CHARS} characters, counted as Unicode code points (this one has ${length})`,
    },
  ];
}

/** The CPU and memory combinations AWS Fargate offers (Linux tasks), memory in MiB. */
export const FARGATE_SIZES: Readonly<Record<number, { readonly min: number; readonly max: number; readonly step: number }>> = {
  256: { min: 512, max: 2048, step: 512 },
  512: { min: 1024, max: 4096, step: 1024 },
  1024: { min: 2048, max: 8192, step: 1024 },
  2048: { min: 4096, max: 16384, step: 1024 },
  4096: { min: 8192, max: 30720, step: 1024 },
  8192: { min: 16384, max: 61440, step: 4096 },
  16384: { min: 32768, max: 122880, step: 8192 },
};
export const FARGATE_CPU_UNITS = [256, 512, 1024, 2048, 4096, 8192, 16384] as const;
export const FARGATE_MEMORY_MIB = { min: 512, max: 122880 } as const;

/** Problems with a Fargate size; `paths` names the two fields where they are reported. */
export function fargateSizeProblems(cpu: number, memory: number, paths: { readonly cpu: string; readonly memory: string }): ConfigProblem[] {
  const size = FARGATE_SIZES[cpu];
  if (!size) return [{ path: paths.cpu, message: 'not a Fargate CPU size', got: cpu, allowed: FARGATE_CPU_UNITS.join(', ') }];
  if (memory < size.min || memory > size.max || (memory - size.min) % size.step !== 0) {
    return [{ path: paths.memory, message: `Fargate does not offer this memory with ${cpu} CPU units`, got: memory, allowed: `${size.min} to ${size.max} in steps of ${size.step}` }];
  }
  return [];
}
