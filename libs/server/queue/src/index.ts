export * from './queue-names';
export * from './queue.module';
export * from './outbox.service';
export * from './outbox-relay.service';
export * from './queue-depths';
export * from './with-timeout';
