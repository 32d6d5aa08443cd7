export * from './dto/heartbeat.dto';
export * from './health.service';
export * from './system.errors';
export * from './system.module';
export { WORKER_ID } from './heartbeat.processor';
export * from './dto/health.dto';
