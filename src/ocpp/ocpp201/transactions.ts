// OCPP 2.0.1 spreads what the backend needs to start a session over several TransactionEvents
// (the token may come after the cable, the start register with the first meter value). The
// gateway keeps these few facts per open transaction; they survive reconnects, not a restart.
import type { ChargingState201 } from './messages';

export interface TrackedTransaction {
  transactionId: string;
  evseId: number;
  /** Timestamp of the Started event: the session's start, whenever the backend hears of it. */
  startedAt: string;
  reservationId?: number;
  idTag?: string;
  meterStartWh?: string;
  /** backend.startTransaction has answered (presumed for a transaction first seen after its start). */
  startSent: boolean;
  chargingState?: ChargingState201;
  /** Energy has flowed at least once (chargingState Charging seen). */
  hasCharged: boolean;
}

export class TransactionTracker {
  private readonly byCharger = new Map<string, Map<string, TrackedTransaction>>();

  get(chargePointId: string, transactionId: string): TrackedTransaction | undefined {
    return this.byCharger.get(chargePointId)?.get(transactionId);
  }

  add(chargePointId: string, transaction: TrackedTransaction): TrackedTransaction {
    const open = this.byCharger.get(chargePointId) ?? new Map<string, TrackedTransaction>();
    open.set(transaction.transactionId, transaction);
    this.byCharger.set(chargePointId, open);
    return transaction;
  }

  remove(chargePointId: string, transactionId: string): void {
    const open = this.byCharger.get(chargePointId);
    open?.delete(transactionId);
    if (open?.size === 0) this.byCharger.delete(chargePointId);
  }

  /** The open transaction on an EVSE, if the gateway knows one. */
  onEvse(chargePointId: string, evseId: number): TrackedTransaction | undefined {
    return [...(this.byCharger.get(chargePointId)?.values() ?? [])].find((t) => t.evseId === evseId);
  }

  /** Open transactions across all chargers. */
  get size(): number {
    return [...this.byCharger.values()].reduce((n, open) => n + open.size, 0);
  }
}
