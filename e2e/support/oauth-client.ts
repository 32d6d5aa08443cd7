/** Creates an OAuth2 client through the API (as an admin) and fetches tokens for it. */
export async function createOAuthClient(
  baseUrl: string,
  adminToken: string,
  name: string,
  scopes: string[],
): Promise<{ id: string; clientId: string; clientSecret: string }> {
  const response = await fetch(`${baseUrl}/api/v1/clients`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name, scopes }),
  });
  if (response.status !== 201) {
    throw new Error(`creating client ${name}: ${response.status} ${await response.text()}`);
  }
  return (await response.json()) as { id: string; clientId: string; clientSecret: string };
}

/** The client credentials grant with HTTP Basic client authentication. */
export async function clientCredentialsToken(
  baseUrl: string,
  client: { clientId: string; clientSecret: string },
  scope?: string,
): Promise<string> {
  const basic = Buffer.from(
    `${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`,
  ).toString('base64');
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (scope) form.set('scope', scope);
  const response = await fetch(`${baseUrl}/oauth2/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${basic}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: form.toString(),
  });
  if (!response.ok) throw new Error(`token: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}
