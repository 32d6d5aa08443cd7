import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { type components, type paths } from './generated/schema';

export type { components, paths } from './generated/schema';
export type Schemas = components['schemas'];

export interface ApiClientOptions {
  /** Origin of the Plumbline API, e.g. `http://127.0.0.1:8080`; empty for same-origin. */
  baseUrl?: string;
  /** Returns the bearer token to send, or null when signed out. */
  getToken?: () => string | null;
  fetch?: typeof fetch;
}

export type ApiClient = Client<paths>;

/** A typed client for the Plumbline REST API, generated from the committed OpenAPI document. */
export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl ?? '',
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const auth: Middleware = {
    onRequest({ request }) {
      const token = options.getToken?.();
      if (token) request.headers.set('Authorization', `Bearer ${token}`);
      return request;
    },
  };
  client.use(auth);
  return client;
}
