// The library surface: everything an agency needs to compose the kit's constructs à la carte.
export * from './config';
export * from './constructs/regional-keys';
export * from './constructs/retention-storage';
export * from './constructs/lost-device-runbook';
export * from './stacks/wickr-region-stack';
export * from './stacks/kit-stacks';
export * from './nag/nag-mode';
export * from './nag/strictness-plugin';
export * from './nag/kit-nag';
export * from './nag/acknowledgements';
export * from './kit-app';
export { KIT_VERSION } from './version';
