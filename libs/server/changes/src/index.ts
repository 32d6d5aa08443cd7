export * from './baselines.repository';
export * from './changes.errors';
export * from './changes.module';
export * from './changes.service';
export * from './connector-targets';
export * from './dto/changes.dto';
