export * from './dto/ingest.dto';
export * from './entity-normalizer';
export * from './ingest.errors';
export * from './ingest.module';
export * from './ingest.service';
export * from './ingestions.repository';
