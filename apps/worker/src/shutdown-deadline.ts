export interface ShutdownDeadlineOptions {
  timeoutMs: number;
  onSignal: (signal: NodeJS.Signals) => void;
  onTimeout: () => void;
}

type SignalSource = Pick<NodeJS.Process, 'once'>;

/**
 * Arms a deadline on the first SIGTERM or SIGINT. Nest closes the queues meanwhile,
 * which waits for the job in hand; if that takes too long `onTimeout` runs, and Bull's
 * lock on the unfinished job expires so another worker takes it over as a stalled job.
 */
export function armShutdownDeadline(source: SignalSource, options: ShutdownDeadlineOptions): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    source.once(signal, () => {
      options.onSignal(signal);
      setTimeout(options.onTimeout, options.timeoutMs).unref();
    });
  }
}
