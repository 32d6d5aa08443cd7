import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api';

export const meQueryKey = ['auth', 'me'] as const;

export function getMeQueryOptions() {
  return queryOptions({
    queryKey: meQueryKey,
    queryFn: async () => unwrap(await api.GET('/api/v1/auth/me')),
  });
}

export function useMe() {
  return useQuery(getMeQueryOptions());
}
