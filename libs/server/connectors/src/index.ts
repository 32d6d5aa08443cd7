export * from './connector-probe';
export * from './connectors.errors';
export * from './connectors.module';
export * from './connectors.service';
export * from './dto/connector.dto';
