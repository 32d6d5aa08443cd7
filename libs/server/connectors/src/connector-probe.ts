import { buildJsonHeaders } from '@plumbline/connector-http';
import { buildNautobotHeaders, nautobotAuthorization } from '@plumbline/connector-nautobot';
import { buildNetboxHeaders } from '@plumbline/connector-netbox';
import { type ConnectorKind } from '@plumbline/server-database';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { type ConnectionTestDto } from './dto/connector.dto';

export interface ProbeTarget {
  kind: ConnectorKind;
  url: string;
  token: string;
  verifyTls: boolean;
  apiVersion: string | null;
}

const PROBE_TIMEOUT_MS = 5000;

export function connectorHeaders(target: ProbeTarget): Record<string, string> {
  if (target.kind === 'netbox') return buildNetboxHeaders(target.token);
  return target.apiVersion
    ? buildNautobotHeaders({ token: target.token, apiVersion: target.apiVersion })
    : buildJsonHeaders(nautobotAuthorization(target.token));
}

/**
 * Asks the instance's `/api/status/` with the token: proves the URL, TLS, the token and
 * reads the version. node:https rather than fetch, to honour `verifyTls` per connector.
 */
export function probeConnector(target: ProbeTarget): Promise<ConnectionTestDto> {
  const startedAt = performance.now();
  const elapsed = (): number => Math.round((performance.now() - startedAt) * 100) / 100;
  const url = new URL('api/status/', target.url.endsWith('/') ? target.url : `${target.url}/`);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const fail = (statusCode: number | null, error: string): void =>
      resolve({ ok: false, statusCode, version: null, latencyMs: elapsed(), error });
    const outgoing = request(
      url,
      {
        method: 'GET',
        headers: connectorHeaders(target),
        timeout: PROBE_TIMEOUT_MS,
        rejectUnauthorized: target.verifyTls,
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (body.length < 65536) body += chunk;
        });
        response.on('end', () => {
          const statusCode = response.statusCode ?? 0;
          if (statusCode === 401 || statusCode === 403)
            return fail(statusCode, 'the token was refused');
          if (statusCode !== 200)
            return fail(statusCode, `the status endpoint answered HTTP ${statusCode}`);
          const version = readVersion(target.kind, body);
          if (version === null)
            return fail(statusCode, `the answer is not a ${target.kind} status document`);
          resolve({ ok: true, statusCode, version, latencyMs: elapsed(), error: null });
        });
      },
    );
    outgoing.on('timeout', () =>
      outgoing.destroy(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)),
    );
    outgoing.on('error', (error: NodeJS.ErrnoException) =>
      fail(null, error.code ? `${error.code}: ${error.message}` : error.message),
    );
    outgoing.end();
  });
}

function readVersion(kind: ConnectorKind, body: string): string | null {
  try {
    const status = JSON.parse(body) as Record<string, unknown>;
    const version = status[kind === 'netbox' ? 'netbox-version' : 'nautobot-version'];
    return typeof version === 'string' ? version : null;
  } catch {
    return null;
  }
}
