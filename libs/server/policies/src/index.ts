export * from './dto/policy.dto';
export * from './policies.errors';
export * from './policies.module';
export * from './policies.service';
