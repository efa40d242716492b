// Simulated time: every timestamp is the scenario's start plus simulated seconds, never the wall
// clock. An optional pace turns simulated seconds into real waiting (for demos).
import { setTimeout as sleep } from 'node:timers/promises';

export class SimClock {
  private readonly startMs: number;
  private elapsedSeconds = 0;

  /** `paceMsPerSecond`: real milliseconds per simulated second; 0 runs as fast as the gateway answers. */
  constructor(
    startAt: string,
    private readonly paceMsPerSecond = 0,
  ) {
    this.startMs = Date.parse(startAt);
    if (Number.isNaN(this.startMs))
      throw new Error(`scenario startAt "${startAt}" is not an ISO 8601 instant`);
  }

  /** The ISO instant `seconds` after the start (whole milliseconds). */
  at(seconds: number): string {
    return new Date(this.startMs + Math.round(seconds * 1000)).toISOString();
  }

  get now(): string {
    return this.at(this.elapsedSeconds);
  }

  get seconds(): number {
    return this.elapsedSeconds;
  }

  /** Moves simulated time forward (waiting in real time when paced) and returns the new instant. */
  async advanceTo(seconds: number): Promise<string> {
    if (seconds < this.elapsedSeconds)
      throw new Error(`simulated time cannot go back (${seconds} s < ${this.elapsedSeconds} s)`);
    const wait = (seconds - this.elapsedSeconds) * this.paceMsPerSecond;
    this.elapsedSeconds = seconds;
    if (wait > 0) await sleep(wait);
    return this.now;
  }
}
