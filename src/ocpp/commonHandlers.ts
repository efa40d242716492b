// Actions whose responses OCPP 1.6 and 2.0.1 shape alike.
import type { BootInfo } from './backend';
import type { HandlerContext } from './handlerContext';

export async function answerBoot({ backend, charger, now }: HandlerContext, info: BootInfo): Promise<object> {
  const { accepted, heartbeatIntervalSeconds } = await backend.boot(charger, info);
  return {
    status: accepted ? 'Accepted' : 'Rejected',
    currentTime: now(),
    interval: heartbeatIntervalSeconds,
  };
}

export async function answerHeartbeat({ backend, charger, now }: HandlerContext): Promise<object> {
  await backend.heartbeat(charger);
  return { currentTime: now() };
}

/** chargeledger defines no vendor extensions. */
export async function answerDataTransfer(): Promise<object> {
  return { status: 'UnknownVendorId' };
}
