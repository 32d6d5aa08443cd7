export * from './transformation.types';
export * from './transformation.error';
export * from './transformations';
export { normalizeIso8601 } from './iso8601';
