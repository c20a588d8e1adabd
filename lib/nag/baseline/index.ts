// The baseline evaluation: the ASD's OSCAL, who answers for each control, and its verdict.
export * from './types';
export * from './ism-oscal';
export * from './responsibility-rules';
export * from './verdict';
export * from './baseline';
export * from './cited';
