import { queryOptions, useQuery } from '@tanstack/react-query';
import { type Schemas } from '@plumbline/api-client';
import { api } from '../../../lib/api';

export const readinessQueryKey = ['system', 'readiness'] as const;

/** 503 is an answer here, not a failure: its body says which dependency is down. */
export async function getReadiness(): Promise<Schemas['ReadinessReportDto']> {
  const result = await api.GET('/health/ready');
  const report = result.data ?? result.error;
  if (!report?.dependencies) throw new Error(`Readiness check failed (${result.response.status})`);
  return report;
}

export function getReadinessQueryOptions() {
  return queryOptions({
    queryKey: readinessQueryKey,
    queryFn: getReadiness,
    refetchInterval: 5_000,
  });
}

export function useReadiness() {
  return useQuery(getReadinessQueryOptions());
}
