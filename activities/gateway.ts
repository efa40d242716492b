// Activities served by the OCPP gateway process: it holds the chargers' WebSockets.

export interface GatewayActivities {
  /** Ask the charger to stop (RemoteStopTransaction / RequestStopTransaction). False when it is not connected. */
  requestChargerStop(chargePointId: string, transactionId: string): Promise<boolean>;
}

/**
 * The task queue of the gateway activities of the deployment whose session workflows run on
 * `sessionTaskQueue`. One name per deployment: deployments sharing a Temporal namespace (or test files
 * sharing a server) must not take each other's requests, or a gateway holding none of the charger's
 * connections answers "not connected" and the session closes without the charger ever being asked.
 * Import-free, so workflow code may use it.
 */
export function gatewayTaskQueue(sessionTaskQueue: string): string {
  return `${sessionTaskQueue}-ocpp-gateway`;
}
