/** Resolves on the first Ctrl-C (SIGINT) or SIGTERM: how long-running commands wait before closing down. */
export function untilStopped(): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}
