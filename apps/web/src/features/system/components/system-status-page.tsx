import { useHeartbeats } from '../api/get-heartbeats';
import { useReadiness } from '../api/get-readiness';
import { useRequestHeartbeat } from '../api/request-heartbeat';

function formatTime(value: string | null): string {
  return value === null ? '—' : new Date(value).toLocaleTimeString();
}

function roundTripMs(requestedAt: string, processedAt: string | null): string {
  return processedAt === null
    ? 'queued'
    : `${Date.parse(processedAt) - Date.parse(requestedAt)} ms`;
}

export function SystemStatusPage() {
  const readiness = useReadiness();
  const heartbeats = useHeartbeats();
  const requestHeartbeat = useRequestHeartbeat();

  return (
    <section>
      <h2>System status</h2>
      <div className="card">
        <h3>Dependencies</h3>
        {readiness.isPending && <p className="muted">Checking…</p>}
        {readiness.error && <p className="error">{readiness.error.message}</p>}
        {readiness.data && (
          <table aria-label="Dependencies">
            <thead>
              <tr>
                <th>Dependency</th>
                <th>Status</th>
                <th>Latency</th>
                <th>Problem</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(readiness.data.dependencies).map(([name, health]) => (
                <tr key={name}>
                  <td>{name}</td>
                  <td>
                    <span className={`badge badge-${health.status}`}>{health.status}</span>
                  </td>
                  <td>{health.latencyMs} ms</td>
                  <td>{health.error ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>

      <div className="card">
        <div className="row">
          <h3>Heartbeats</h3>
          <button
            type="button"
            onClick={() => requestHeartbeat.mutate()}
            disabled={requestHeartbeat.isPending}
          >
            Send heartbeat
          </button>
        </div>
        <p className="muted">
          A heartbeat goes from the API through the queue to a worker, which records it in the
          database.
        </p>
        {requestHeartbeat.error && <p className="error">{requestHeartbeat.error.message}</p>}
        {heartbeats.data && heartbeats.data.length === 0 && <p className="muted">None yet.</p>}
        {heartbeats.data && heartbeats.data.length > 0 && (
          <table aria-label="Heartbeats">
            <thead>
              <tr>
                <th>Requested</th>
                <th>By</th>
                <th>Recorded</th>
                <th>Round trip</th>
                <th>Worker</th>
              </tr>
            </thead>
            <tbody>
              {heartbeats.data.map((heartbeat) => (
                <tr key={heartbeat.id} data-state={heartbeat.processedAt ? 'recorded' : 'queued'}>
                  <td>{formatTime(heartbeat.requestedAt)}</td>
                  <td>{heartbeat.requestedBy}</td>
                  <td>{formatTime(heartbeat.processedAt)}</td>
                  <td>{roundTripMs(heartbeat.requestedAt, heartbeat.processedAt)}</td>
                  <td>{heartbeat.workerId ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
