import type { Logger } from './log.ts';

export type Closer = () => Promise<void>;

/**
 * On SIGTERM / SIGINT: run the closers in order (servers stop accepting and let in-flight
 * requests finish), then exit. A second signal, or the timeout, exits at once.
 */
export function onShutdown(log: Logger, closers: Closer[], timeoutMs = 10_000): void {
  let closing = false;
  const stop = (signal: string): void => {
    if (closing) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    closing = true;
    log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      log.error({ timeoutMs }, 'shutdown timed out: exiting with requests still open');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    void (async () => {
      for (const close of closers) {
        try {
          await close();
        } catch (err) {
          log.error({ err }, 'error while shutting down');
        }
      }
      log.info('stopped');
      process.exit(0);
    })();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
