export class DriftEventNotFoundError extends Error {
  override readonly name = 'DriftEventNotFoundError';

  constructor(readonly eventId: string) {
    super(`Drift event ${eventId} does not exist`);
  }
}

/** A webhook delivery without a valid `X-Hook-Signature` of a configured connector. */
export class WebhookSignatureError extends Error {
  override readonly name = 'WebhookSignatureError';

  constructor(reason: string) {
    super(`Webhook refused: ${reason}`);
  }
}

export class WebhookBodyError extends Error {
  override readonly name = 'WebhookBodyError';
  readonly details = [{ field: 'body', reason: 'must be a JSON document' }];

  constructor() {
    super('The webhook body is not JSON');
  }
}

export const DRIFT_ERROR_STATUSES = {
  DriftEventNotFoundError: 404,
  WebhookSignatureError: 401,
  WebhookBodyError: 400,
} as const;
