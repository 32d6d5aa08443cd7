export * from './config.schema';
export * from './load-config';
export * from './config.module';
export * from './start-up';
export * from './secret-box';
export * from './rate-limits';
