import { createApiClient } from '@plumbline/api-client';
import { createSessionStore } from './session-store';

export const session = createSessionStore(window.localStorage);

/** The one API client of the app: same origin, token from the session store. */
export const api = createApiClient({ getToken: session.getToken });

export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
  }
}

/** Unwraps an openapi-fetch result, turning the API's error body into an ApiError. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.status === 401 && session.getToken()) session.clear();
  if (result.data !== undefined && result.response.ok) return result.data;
  const body = (result.error ?? {}) as { message?: string; details?: unknown };
  throw new ApiError(
    result.response.status,
    body.message ?? result.response.statusText,
    body.details,
  );
}
