/**
 * Opt-in checks against the real AWS Wickr admin API (test/live/). Unlike the main suite, no fake
 * credentials are set: the standard credential chain is used. See test/live/wickr-live.test.ts.
 */
const main = require('./jest.config');

module.exports = { ...main, roots: ['<rootDir>/test/live'], setupFiles: [], testPathIgnorePatterns: [], testTimeout: 120000 };
