// What became of an object we pushed to a partner (a CDR POST, a token PUT):
//   accepted  – HTTP 2xx with OCPI 1xxx;
//   rejected  – final: OCPI 2xxx, or HTTP 4xx without an envelope, or it cannot be sent at all;
//   retryable – try again later: no answer, timeout, HTTP 5xx/408/429, OCPI 3xxx/4xxx, and HTTP 401
//               (credentials being rotated or re-registered: retrying succeeds once they are fixed).
import { statusClass } from '../statusCodes';
import { OcpiTransportError, ocpiFetch, type OcpiAnswer, type OcpiRequest } from './ocpiFetch';

export type PushOutcome =
  | { outcome: 'accepted'; location?: string; httpStatus?: number; statusCode?: number }
  | { outcome: 'rejected' | 'retryable'; message: string; httpStatus?: number; statusCode?: number };

export function pushOutcomeOf(answer: OcpiAnswer<unknown>): PushOutcome {
  const { httpStatus, envelope } = answer;
  const statusCode = envelope?.status_code;
  const described = `HTTP ${httpStatus}${envelope ? `, OCPI ${envelope.status_code}` : ''}${
    envelope?.status_message ? `: ${envelope.status_message}` : ''
  }`;
  const kind = statusCode === undefined ? undefined : statusClass(statusCode);
  if (httpStatus === 401 || httpStatus === 408 || httpStatus === 429 || httpStatus >= 500) {
    return { outcome: 'retryable', message: described, httpStatus, statusCode };
  }
  if (kind === 'success' && httpStatus >= 200 && httpStatus < 300) {
    return {
      outcome: 'accepted',
      location: answer.headers.get('location') ?? undefined,
      httpStatus,
      statusCode,
    };
  }
  if (kind === 'client_error' || (kind === undefined && httpStatus >= 400)) {
    return { outcome: 'rejected', message: described, httpStatus, statusCode };
  }
  return { outcome: 'retryable', message: described, httpStatus, statusCode };
}

/** Sends one push and classifies the answer; getting no answer at all is retryable. */
export async function sendPush(request: OcpiRequest): Promise<PushOutcome> {
  try {
    return pushOutcomeOf(await ocpiFetch(request));
  } catch (err) {
    if (err instanceof OcpiTransportError) return { outcome: 'retryable', message: err.message };
    throw err;
  }
}
