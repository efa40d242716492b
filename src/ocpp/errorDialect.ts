// Each OCPP version spells its CALLERROR codes its own way, typos included, and chargers may reject
// codes outside their version's list:
//  - OCPP 1.6J: "FormationViolation" and "OccurenceConstraintViolation" (errata §5: kept as published);
//    no RpcFrameworkError or MessageTypeNotSupported.
//  - OCPP 2.0.1: "FormatViolation", still "OccurenceConstraintViolation" (corrected only in 2.1).
// ocpp-rpc mixes these (it answers 1.6 with "OccurrenceConstraintViolation" and "RpcFrameworkError"),
// so every CALLERROR frame is renamed here, on its way out, whoever raised it.
import type { OcppVersion } from './protocols';

const WIRE_NAMES: Record<OcppVersion, Readonly<Record<string, string>>> = {
  '1.6': {
    FormatViolation: 'FormationViolation',
    OccurrenceConstraintViolation: 'OccurenceConstraintViolation',
    // A frame that is not valid OCPP-J (bad JSON, not an array, no message id) is syntactically incorrect.
    RpcFrameworkError: 'FormationViolation',
    MessageTypeNotSupported: 'GenericError',
  },
  '2.0.1': {
    FormationViolation: 'FormatViolation',
    OccurrenceConstraintViolation: 'OccurenceConstraintViolation',
  },
};

const CALLERROR_PREFIX = '[4,';

/** The error code as `version` spells it. */
export function wireErrorCode(version: OcppVersion, code: string): string {
  return WIRE_NAMES[version][code] ?? code;
}

/** Renames the error code of a serialized CALLERROR frame; any other frame passes unchanged. */
export function translateCallErrorFrame(version: OcppVersion, frame: string): string {
  if (!frame.startsWith(CALLERROR_PREFIX)) return frame;
  const message = JSON.parse(frame) as unknown[];
  const code = message[2];
  if (typeof code !== 'string' || wireErrorCode(version, code) === code) return frame;
  message[2] = wireErrorCode(version, code);
  return JSON.stringify(message);
}

interface RawSender {
  sendRaw(message: string): void;
}

/** Makes every CALLERROR this connection sends use `version`'s error code names. */
export function speakErrorDialect(connection: RawSender, version: OcppVersion): void {
  const send = connection.sendRaw.bind(connection);
  connection.sendRaw = (message: string) => send(translateCallErrorFrame(version, message));
}
