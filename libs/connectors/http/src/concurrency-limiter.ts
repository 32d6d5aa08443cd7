export type Release = () => void;

interface Waiter {
  grant: (release: Release) => void;
}

/**
 * At most `maxInFlight` tasks at once; the rest wait in arrival order. A freed slot is
 * handed straight to the next waiter, so a newcomer cannot overtake the queue.
 */
export class ConcurrencyLimiter {
  private active = 0;
  private readonly waiters: Waiter[] = [];

  constructor(readonly maxInFlight: number) {
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1) {
      throw new RangeError(`maxInFlight must be an integer >= 1, got ${maxInFlight}`);
    }
  }

  get inFlight(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiters.length;
  }

  /**
   * Waits for a slot and returns the function that frees it (calling it twice is
   * harmless). An aborted `signal` takes the caller out of the queue and rejects with the
   * signal's reason.
   */
  acquire(signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(toError(signal.reason));
    if (this.active < this.maxInFlight) {
      this.active += 1;
      return Promise.resolve(this.createRelease());
    }
    return new Promise<Release>((resolve, reject) => {
      const onAbort = (): void => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(toError(signal?.reason));
      };
      const waiter: Waiter = {
        grant: (release) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(release);
        },
      };
      this.waiters.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Runs `task` when a slot is free and frees the slot however the task ends. */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquire(signal);
    try {
      return await task();
    } finally {
      release();
    }
  }

  private createRelease(): Release {
    let isReleased = false;
    return () => {
      if (isReleased) return;
      isReleased = true;
      const next = this.waiters.shift();
      if (next) {
        // The slot passes on without ever being free, so `active` stays as it is.
        next.grant(this.createRelease());
      } else {
        this.active -= 1;
      }
    };
  }
}

function toError(reason: unknown): Error {
  // AbortSignal reasons are DOMExceptions, which may come from another realm than this
  // module's Error (test sandboxes, workers): recognise them by shape.
  if (reason instanceof Error || isErrorLike(reason)) return reason;
  return new Error(typeof reason === 'string' ? reason : 'aborted', { cause: reason });
}

function isErrorLike(value: unknown): value is Error {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { name?: unknown }).name === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}
