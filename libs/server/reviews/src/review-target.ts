import { type CanonicalRecord, type Operation, type WriteResult } from '@plumbline/diff-engine';

/** What the review queue needs of a connector: read one record live, write one operation. */
export interface ReviewTarget {
  read(type: string, key: string): Promise<CanonicalRecord | undefined>;
  write(operation: Operation): Promise<WriteResult>;
}

export interface ReviewTargets {
  forConnector(connectorId: string): Promise<ReviewTarget>;
}

/** Injection token of the ReviewTargets implementation (provided by the connectors module). */
export const REVIEW_TARGETS = Symbol('REVIEW_TARGETS');
