// The evidence pack: recording of nag results, the evidence model, and its writers.
export * from './recorder';
export * from './recording-packs';
export * from './sections';
export * from './model';
export * from './pack-mapping';
export { renderHtml } from './html';
export { renderJson } from './json';
export { renderMarkdown } from './markdown';
export { renderCsv, CSV_COLUMNS } from './csv';
export { renderOscal, OSCAL_VERSION, KIT_OSCAL_NS } from './oscal';
export * from './writer';
