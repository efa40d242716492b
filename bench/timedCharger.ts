// A simulated charger that times its MeterValues: how long until the gateway's answer (which comes after
// the samples are durable in PostgreSQL), and when each sample was sent (to time its ingest later).
import { performance } from 'node:perf_hooks';
import { SimulatedCharger, type TokenAnswer } from '../src/sim';
import type { MeterSample } from '../src/session/types';

/** Wall-clock milliseconds with sub-millisecond resolution. */
export const wallClockMs = (): number => performance.timeOrigin + performance.now();

export class TimedCharger extends SimulatedCharger {
  /** Milliseconds from sending each MeterValues to its answer. */
  readonly ackMs: number[] = [];
  /** Milliseconds from sending StartTransaction to its answer (it waits for the session workflow). */
  startMs?: number;
  /** When each sample was sent, by its timestamp. */
  readonly sentAt = new Map<string, number>();
  transactionId?: string;

  override async startTransaction(
    input: Parameters<SimulatedCharger['startTransaction']>[0],
  ): Promise<{ transactionId: string; authorization?: TokenAnswer }> {
    const sent = wallClockMs();
    const started = await super.startTransaction(input);
    this.startMs = wallClockMs() - sent;
    return started;
  }

  override async sendMeterValues(
    connectorId: number,
    samples: MeterSample[],
    transactionId?: string,
  ): Promise<void> {
    const sent = wallClockMs();
    for (const sample of samples) this.sentAt.set(sample.timestamp, sent);
    this.transactionId = transactionId;
    await super.sendMeterValues(connectorId, samples, transactionId);
    this.ackMs.push(wallClockMs() - sent);
  }
}
