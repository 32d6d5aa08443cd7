import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api';

export const heartbeatsQueryKey = ['system', 'heartbeats'] as const;

export function getHeartbeatsQueryOptions(limit = 10) {
  return queryOptions({
    queryKey: [...heartbeatsQueryKey, { limit }],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/system/heartbeats', { params: { query: { limit } } })),
    refetchInterval: (query) =>
      query.state.data?.some((heartbeat) => heartbeat.processedAt === null) ? 1_000 : 10_000,
  });
}

export function useHeartbeats(limit?: number) {
  return useQuery(getHeartbeatsQueryOptions(limit));
}
