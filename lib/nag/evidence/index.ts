// The evidence pack: recording of nag results, the evidence model, and its writers.
export * from './recorder';
export * from './recording-packs';
export * from './sections';
export * from './model';
export * from './pack-mapping';
export { renderHtml, htmlParts } from './html';
export { renderJson, writeJson } from './json';
export { renderMarkdown, markdownParts } from './markdown';
export { renderCsv, writeCsv, CSV_COLUMNS } from './csv';
export * from './text-sink';
export { LISTED_ROWS } from './listing';
export { renderOscal, OSCAL_VERSION, KIT_OSCAL_NS } from './oscal';
export { renderAssessmentResults } from './oscal-assessment';
export * from './artefacts';
export * from './writer';
