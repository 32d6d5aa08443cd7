export * from './status';
export * from './heartbeat';
export * from './readiness';
