// Who may open an OCPP WebSocket: the path must be /ocpp/<chargePointId> and the charger must
// present its password with HTTP Basic auth (OCPP Security Profile 1, username = chargePointId).
// Decided at the HTTP upgrade, so a refused charger never gets a WebSocket.

/** True when `password` is the one on record for `chargePointId`; false for unknown chargers too. */
export type ChargerAuthenticator = (chargePointId: string, password: string) => Promise<boolean>;

export const OCPP_PATH = '/ocpp';

export interface UpgradeRequest {
  /** Path before the last segment ("/ocpp"). */
  endpoint: string;
  /** Last path segment, URL-decoded. */
  identity: string;
  /** Basic-auth password, present only when the username equals the identity. */
  password?: Buffer;
}

export type UpgradeDecision =
  { accept: true; chargePointId: string } | { accept: false; status: 401 | 404; reason: string };

export async function decideUpgrade(
  request: UpgradeRequest,
  authenticate: ChargerAuthenticator,
): Promise<UpgradeDecision> {
  if (request.endpoint !== OCPP_PATH || request.identity === '') {
    return { accept: false, status: 404, reason: `OCPP endpoint is ${OCPP_PATH}/<chargePointId>` };
  }
  if (request.password === undefined) {
    return {
      accept: false,
      status: 401,
      reason: 'HTTP Basic auth with the charge point id as username is required',
    };
  }
  const known = await authenticate(request.identity, request.password.toString('utf8'));
  return known
    ? { accept: true, chargePointId: request.identity }
    : { accept: false, status: 401, reason: 'unknown charge point or wrong password' };
}
