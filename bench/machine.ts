/** The machine a run was taken on, printed beside every number so results are never read without it. */
import { cpus, totalmem } from 'node:os';

export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGb: number;
  readonly node: string;
  readonly platform: string;
  /** Node's default old-space heap limit here, in MB (where a large synth would run out). */
  readonly heapLimitMb: number;
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const v8 = require('node:v8') as typeof import('node:v8');
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    heapLimitMb: Math.round(v8.getHeapStatistics().heap_size_limit / 1024 ** 2),
  };
}

export function describeMachine(m: MachineInfo): string {
  return `${m.cpuModel}, ${m.cores} cores, ${m.memoryGb} GB RAM, Node ${m.node} (${m.platform}, default heap limit ${m.heapLimitMb} MB)`;
}
