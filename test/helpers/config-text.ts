/**
 * The smallest config text with one agency in Sydney, for tests about one part of it: `agencyLines`
 * go under the agency (four-space indent, each ending in a newline), `networkLines` under its
 * `networks:` (six-space indent).
 */
export function oneAgencyConfig(networkLines: string, agencyLines = ''): string {
  return `version: 1
agencies:
  - id: dea
    name: Example agency
    recordsOwner: Records Unit
    homeRegion: ap-southeast-2
    allowedRegions: [ap-southeast-2]
${agencyLines}    networks:
${networkLines}
`;
}
