/**
 * Generated configs for benchmarks: N Region stacks spread over agencies of up to 8 Regions each
 * (the catalog has 11 commercial Wickr Regions), one network per Region.
 */
import { WICKR_REGIONS } from '../lib/config/regions';

const COMMERCIAL = Object.values(WICKR_REGIONS)
  .filter((r) => r.partition === 'aws')
  .map((r) => r.region);

export const REGIONS_PER_AGENCY = 8;

/** A config with `stacks` Region stacks in total, as YAML text. */
export function generateConfig(stacks: number, regionsPerAgency = REGIONS_PER_AGENCY): string {
  const lines = ['version: 1', 'agencies:'];
  let remaining = stacks;
  for (let a = 0; remaining > 0; a++) {
    const count = Math.min(regionsPerAgency, remaining);
    remaining -= count;
    const regions = COMMERCIAL.slice(0, count);
    lines.push(
      `  - id: agency${a}`,
      `    name: Benchmark agency ${a}`,
      '    recordsOwner: Records Unit',
      `    homeRegion: ${regions[0]}`,
      `    allowedRegions: [${regions.join(', ')}]`,
      '    networks:',
      ...regions.map((r, i) => `      - { id: net${i}, name: a${a}-net${i}, region: ${r}, settings: { readReceipts: ENABLED } }`),
    );
  }
  return `${lines.join('\n')}\n`;
}
