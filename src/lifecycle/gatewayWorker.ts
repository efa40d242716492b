// The OCPP gateway process also runs a small worker: workflows reach a charger (remote stop) through
// activities on the deployment's gateway task queue (gatewayTaskQueue of the session task queue), which
// only the process holding the WebSocket serves.
import { Worker, type NativeConnection } from '@temporalio/worker';
import { gatewayTaskQueue, type GatewayActivities } from '../../activities/gateway';
import type { OcppGateway } from '../ocpp';

export function gatewayActivities(gateway: OcppGateway): GatewayActivities {
  return {
    requestChargerStop: (chargePointId, transactionId) =>
      gateway.requestChargerStop(chargePointId, transactionId),
  };
}

/** `sessionTaskQueue`: the task queue of the deployment's session workflows. */
export function createGatewayWorker(
  connection: NativeConnection,
  namespace: string,
  gateway: OcppGateway,
  sessionTaskQueue: string,
): Promise<Worker> {
  return Worker.create({
    connection,
    namespace,
    taskQueue: gatewayTaskQueue(sessionTaskQueue),
    activities: gatewayActivities(gateway),
  });
}
