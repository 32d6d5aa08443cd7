import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type Schemas } from '@plumbline/api-client';
import { api, session, unwrap } from '../../../lib/api';

export type LoginInput = Schemas['LoginRequestDto'];

export async function login(input: LoginInput): Promise<Schemas['LoginResponseDto']> {
  return unwrap(await api.POST('/api/v1/auth/login', { body: input }));
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: async (result) => {
      session.setToken(result.accessToken);
      await queryClient.invalidateQueries();
    },
  });
}
