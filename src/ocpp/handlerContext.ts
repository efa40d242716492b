// What an action handler gets, and the shape every version's handler table has.
import type { Logger } from 'pino';
import type { ChargerIdentity, ChargingBackend } from './backend';

export interface HandlerContext {
  backend: ChargingBackend;
  charger: ChargerIdentity;
  /** The gateway's clock, for currentTime and for status changes a charger sends without a timestamp. */
  now: () => string;
  /** Bound to the charger (chargePointId, ocppVersion). */
  log: Logger;
}

/** Action name → handler of its (schema-validated) request payload, returning the response payload. */
export type ActionHandlers = Record<string, (request: never) => Promise<object>>;
