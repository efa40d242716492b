// A SimulatedCharger a test can script around the scenario it plays: it logs the meter samples the
// scenario sends, runs a step after each acknowledged MeterValues (kill the worker, inject junk, ask for a
// remote stop, lose power), and delivers chosen actions twice, as a charger that lost an answer does.
import { SimulatedCharger } from '../../src/sim';
import type { MeterSample } from '../../src/session/types';

export interface MeterValuesSent {
  /** 1 for the scenario's first MeterValues. */
  count: number;
  samples: MeterSample[];
  connectorId: number;
  transactionId?: string;
}

export interface RepeatedCall {
  action: string;
  first: Record<string, unknown>;
  second: Record<string, unknown>;
}

export class ScriptedCharger extends SimulatedCharger {
  /** The samples the scenario sent in MeterValues (2.0.1: TransactionEvent Updated), in order. */
  readonly meterSamples: MeterSample[] = [];
  /** Runs after each acknowledged scenario MeterValues; a throw aborts the scenario (e.g. power loss). */
  afterMeterValues?: (sent: MeterValuesSent) => Promise<void> | void;
  /** Actions sent twice in a row with the very same payload (and so, in 2.0.1, the same seqNo). */
  readonly deliverTwice = new Set<string>();
  readonly repeatedCalls: RepeatedCall[] = [];
  /** Every call sent, in order, so a test can deliver one again later (a late retry). */
  readonly sentCalls: Array<{ action: string; payload: object }> = [];
  private meterValuesCount = 0;

  override async call(action: string, payload: object): Promise<Record<string, unknown>> {
    this.sentCalls.push({ action, payload });
    const first = await super.call(action, payload);
    if (this.deliverTwice.has(action)) {
      const second = await super.call(action, payload);
      this.repeatedCalls.push({ action, first, second });
    }
    return first;
  }

  override async sendMeterValues(
    connectorId: number,
    samples: MeterSample[],
    transactionId?: string,
  ): Promise<void> {
    await super.sendMeterValues(connectorId, samples, transactionId);
    this.meterSamples.push(...samples);
    const count = ++this.meterValuesCount;
    await this.afterMeterValues?.({ count, samples, connectorId, transactionId });
  }

  /** Sends samples outside the scenario's log and hooks (junk, resends): for use inside a hook. */
  async inject(connectorId: number, samples: MeterSample[], transactionId?: string): Promise<void> {
    await super.sendMeterValues(connectorId, samples, transactionId);
  }

  /** The last call of `action` sent (optionally the last one whose payload passes `which`). */
  lastCall(action: string, which: (payload: Record<string, unknown>) => boolean = () => true): object {
    const found = [...this.sentCalls]
      .reverse()
      .find((c) => c.action === action && which(c.payload as Record<string, unknown>));
    if (!found) throw new Error(`${this.chargePointId} has sent no matching ${action}`);
    return found.payload;
  }

  /** The last sample the scenario sent. */
  get lastSample(): MeterSample {
    const last = this.meterSamples[this.meterSamples.length - 1];
    if (!last) throw new Error(`${this.chargePointId} has sent no meter values yet`);
    return last;
  }
}
