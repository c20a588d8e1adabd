// The kit's version, stamped into stack descriptions and evidence reports.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const KIT_VERSION: string = require('../package.json').version;
