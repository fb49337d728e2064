/**
 * A background job that runs every `intervalMs` and survives failures: a failed run is logged
 * (once per streak at error level, then at debug), the next run waits twice as long (up to
 * `maxBackoffMs`), and the first run that succeeds again is logged and restores the interval.
 * A run never overlaps the previous one. Used for credential signing, which must keep going
 * through a database outage without flooding the log or hammering the database.
 */
export interface BackgroundLog {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

export interface BackgroundLoop {
  /** the wait before the next run (the interval, or the current back-off) */
  readonly delayMs: number;
  /** no further runs; resolves when a run in progress has ended (shut down before the database closes) */
  stop(): Promise<void>;
}

export function startBackgroundLoop(opts: {
  name: string;
  intervalMs: number;
  maxBackoffMs?: number;
  run: () => Promise<unknown>;
  log: BackgroundLog;
}): BackgroundLoop {
  const max = Math.max(opts.maxBackoffMs ?? 60_000, opts.intervalMs);
  let delay = opts.intervalMs;
  let failures = 0;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let running: Promise<void> | null = null;
  const tick = async () => {
    try {
      await opts.run();
      if (failures)
        opts.log.warn({ job: opts.name, failures }, `${opts.name}: running again after ${failures} failed run(s)`);
      failures = 0;
      delay = opts.intervalMs;
    } catch (err) {
      if (stopped) return; // shutting down: the database may already be closed
      failures++;
      delay = Math.min(max, delay * 2);
      if (failures === 1) opts.log.error({ err, job: opts.name, retryInMs: delay }, `${opts.name} failed; backing off`);
      else opts.log.debug({ err, job: opts.name, failures, retryInMs: delay }, `${opts.name} failed again`);
    }
    schedule();
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().finally(() => (running = null));
    }, delay);
    timer.unref();
  };
  schedule();
  return {
    get delayMs() {
      return delay;
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
