import { EventEmitter } from 'node:events';
import { armShutdownDeadline } from './shutdown-deadline';

describe(armShutdownDeadline.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('gives the job in hand until the deadline after SIGTERM, then gives up', () => {
    const source = new EventEmitter();
    const events: string[] = [];
    armShutdownDeadline(source as unknown as NodeJS.Process, {
      timeoutMs: 5_000,
      onSignal: (signal) => events.push(signal),
      onTimeout: () => events.push('timeout'),
    });

    source.emit('SIGTERM');
    jest.advanceTimersByTime(4_999);
    expect(events).toEqual(['SIGTERM']);
    jest.advanceTimersByTime(1);
    expect(events).toEqual(['SIGTERM', 'timeout']);
  });

  it('does nothing until a signal arrives', () => {
    const onTimeout = jest.fn();
    armShutdownDeadline(new EventEmitter() as unknown as NodeJS.Process, {
      timeoutMs: 10,
      onSignal: () => undefined,
      onTimeout,
    });
    jest.advanceTimersByTime(1_000);
    expect(onTimeout).not.toHaveBeenCalled();
  });
});
