// The OCPP gateway's public surface.
export { createOcppGateway, type OcppGateway, type OcppGatewayOptions } from './gateway';
export type { ChargerAuthenticator } from './handshake';
export type * from './backend';
