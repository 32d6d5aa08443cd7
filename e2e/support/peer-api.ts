import { type PeerInfo } from './peers';

/** Talks to a real NetBox or Nautobot directly, as a person or a script editing it would. */
export class PeerApi {
  constructor(readonly peer: PeerInfo) {}

  private get authorization(): string {
    return this.peer.kind === 'netbox' && this.peer.token.startsWith('nbt_')
      ? `Bearer ${this.peer.token}`
      : `Token ${this.peer.token}`;
  }

  async call<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.peer.url}/api/${path}`, {
      method,
      headers: {
        authorization: this.authorization,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    if (!response.ok) {
      throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    }
    return (response.status === 204 ? null : await response.json()) as T;
  }

  /** Objects of a list endpoint matching the filter (first 1,000). */
  async list<T = Record<string, unknown>>(path: string, filter: Record<string, string>) {
    const query = new URLSearchParams({ ...filter, limit: '1000' });
    const page = await this.call<{ count: number; results: T[] }>(
      'GET',
      `${path}?${query.toString()}`,
    );
    return page;
  }

  /** Deletes every object of a list endpoint matching the filter. */
  async deleteWhere(path: string, filter: Record<string, string>): Promise<void> {
    for (;;) {
      const page = await this.list<{ id: string | number }>(path, filter);
      if (page.results.length === 0) return;
      await this.call(
        'DELETE',
        path,
        page.results.map((object) => ({ id: object.id })),
      );
    }
  }
}
