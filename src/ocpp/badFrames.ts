// ocpp-rpc answers a frame with an unknown message type with message id "-1" even when the id is
// readable. OCPP-J (2.0.1 part 4 §4.4, extension fallback) wants the caller's id in that CALLERROR,
// so the caller can match it. ocpp-rpc emits 'badMessage' with the reply array just before it
// serializes and sends it, which is where the id is put back.

/** Puts the caller's message id into the CALLERROR ocpp-rpc is about to send for `frame`. */
export function restoreMessageId(frame: Buffer | string, reply: unknown[] | null): void {
  if (!reply || reply[1] !== '-1') return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(frame.toString());
  } catch {
    return; // not JSON: the id really cannot be read
  }
  if (Array.isArray(parsed) && typeof parsed[1] === 'string') reply[1] = parsed[1];
}
