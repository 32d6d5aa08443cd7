import { type ConnectorKind } from '@plumbline/server-database';

export const WEBHOOK_EVENTS = ['created', 'updated', 'deleted'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** The one object a delivery is about. */
export interface WebhookObject {
  event: WebhookEvent;
  /** The instance's own name of the model: `dcim.device` (NetBox), `device` (Nautobot). */
  model: string;
  /** The REST list endpoint the object lives at, relative to `/api/`: `dcim/devices/`. */
  endpoint: string;
  /** The object's id on the instance (a number on NetBox, a UUID on Nautobot). */
  peerId: string | number;
  /** The instance's request id, when it gave one (for following one change across logs). */
  requestId: string | null;
  timestamp: string | null;
}

export type ParsedWebhook =
  { isRelevant: true; object: WebhookObject } | { isRelevant: false; reason: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/** `…/api/dcim/devices/12/` → `dcim/devices/`; null when the URL names no object of the API. */
export function endpointOfObjectUrl(url: string): string | null {
  const path = url.replace(/^[a-z]+:\/\/[^/]+/i, '').split(/[?#]/)[0] ?? '';
  const match = /\/api\/((?:[a-z0-9_-]+\/)+)[^/]+\/?$/i.exec(path);
  return match?.[1] ?? null;
}

/**
 * Reads the default body of a NetBox 4.7 event-rule webhook (`event`, `timestamp`,
 * `object_type`, `data`, `snapshots`, `request`) or of a Nautobot 3.2 webhook (`event`,
 * `timestamp`, `model`, `username`, `request_id`, `data`, `snapshots`). Only object events
 * (created, updated, deleted) of objects the body shows with an id and API URL are relevant;
 * anything else (job events, custom body templates without them) is answered with a reason.
 */
export function parseWebhookPayload(kind: ConnectorKind, body: unknown): ParsedWebhook {
  if (!isRecord(body)) return { isRelevant: false, reason: 'the body is not a JSON object' };
  const event = text(body['event']);
  if (event === null || !(WEBHOOK_EVENTS as readonly string[]).includes(event)) {
    return {
      isRelevant: false,
      reason: `event ${JSON.stringify(body['event'] ?? null)} is not an object change`,
    };
  }
  const model = text(kind === 'netbox' ? body['object_type'] : body['model']);
  const data = body['data'];
  if (model === null || !isRecord(data)) {
    return { isRelevant: false, reason: 'the body names no model or carries no object data' };
  }
  const id = data['id'];
  const peerId = typeof id === 'number' || (typeof id === 'string' && id.length > 0) ? id : null;
  const url = text(data['url']);
  const endpoint = url === null ? null : endpointOfObjectUrl(url);
  if (peerId === null || endpoint === null) {
    return { isRelevant: false, reason: 'the object data holds no id and API url' };
  }
  const request = body['request'];
  const requestId =
    kind === 'netbox' ? (isRecord(request) ? text(request['id']) : null) : text(body['request_id']);
  return {
    isRelevant: true,
    object: {
      event: event as WebhookEvent,
      model,
      endpoint,
      peerId,
      requestId,
      timestamp: text(body['timestamp']),
    },
  };
}
