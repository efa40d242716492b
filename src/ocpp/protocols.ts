// The OCPP-J WebSocket subprotocols the gateway speaks, and the version names the backend sees.
import type { ChargerIdentity } from './backend';

export type OcppVersion = ChargerIdentity['ocppVersion'];
export type Subprotocol = 'ocpp2.0.1' | 'ocpp1.6';

/** In order of preference: a charger offering both gets 2.0.1. */
export const SUBPROTOCOLS: readonly Subprotocol[] = ['ocpp2.0.1', 'ocpp1.6'];

const VERSION_OF: Record<Subprotocol, OcppVersion> = { 'ocpp2.0.1': '2.0.1', 'ocpp1.6': '1.6' };

export function versionOf(subprotocol: string | undefined): OcppVersion | undefined {
  return subprotocol !== undefined && subprotocol in VERSION_OF
    ? VERSION_OF[subprotocol as Subprotocol]
    : undefined;
}

export function subprotocolOf(version: OcppVersion): Subprotocol {
  return version === '1.6' ? 'ocpp1.6' : 'ocpp2.0.1';
}
