export * from './correlation-id';
export * from './logger.module';
export * from './metrics.service';
export * from './metrics.module';
export * from './validation';
export * from './global-exception.filter';
export * from './public-route';
export * from './worker-metrics.server';
