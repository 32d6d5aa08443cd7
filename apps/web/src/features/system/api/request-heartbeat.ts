import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api';
import { heartbeatsQueryKey } from './get-heartbeats';

export async function requestHeartbeat() {
  return unwrap(await api.POST('/api/v1/system/heartbeats'));
}

export function useRequestHeartbeat() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: requestHeartbeat,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: heartbeatsQueryKey }),
  });
}
