export * from './rate-limit.module';
export * from './rate-limit.service';
export * from './rate-limit-buckets';
export * from './redis-rate-limiter';
