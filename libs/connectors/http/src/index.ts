export * from './clock';
export * from './retryable';
export * from './retry-delay';
export * from './circuit-breaker';
export * from './rate-limiter';
export * from './concurrency-limiter';
export * from './headers';
