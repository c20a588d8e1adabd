export * from './types';
export * from './record';
export { DRIFT_OPERATIONS, type DriftCheckDeps, type DriftOperation, type WickrReader, checkDrift, operationsFor } from './check';
