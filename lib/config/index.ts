export * from './errors';
export * from './regions';
export * from './schema';
export * from './validator';
export * from './loader';
