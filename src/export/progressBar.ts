// A progress bar on stderr for long exports, drawn only when stderr is a terminal (never into logs or
// redirected output).
import cliProgress from 'cli-progress';

export interface Progress {
  tick(): void;
  stop(): void;
}

export function progressBar(
  total: number,
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  if (!stream.isTTY) return { tick: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${label} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left`,
      etaBuffer: 1000,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { tick: () => bar.increment(), stop: () => bar.stop() };
}
