// CALLERRORs the gateway raises itself. Codes carry their OCPP 2.0.1 names here;
// errorDialect.ts renames them to what each protocol version expects on the wire.
import { createRPCError, RPCError } from 'ocpp-rpc';

export type CallErrorCode =
  | 'NotImplemented'
  | 'NotSupported'
  | 'InternalError'
  | 'ProtocolError'
  | 'SecurityError'
  | 'FormatViolation'
  | 'PropertyConstraintViolation'
  | 'OccurrenceConstraintViolation'
  | 'TypeConstraintViolation'
  | 'GenericError'
  | 'RpcFrameworkError'
  | 'MessageTypeNotSupported';

export function callError(
  code: CallErrorCode,
  message: string,
  details: Record<string, unknown> = {},
): RPCError {
  return createRPCError(code, message, details) as RPCError;
}

export function isCallError(err: unknown): err is RPCError {
  return err instanceof RPCError;
}

/** A field the schema accepts but whose value cannot be true (negative energy register, "NaN", …). */
export function invalidValue(path: string, problem: string): RPCError {
  return callError('PropertyConstraintViolation', `${path}: ${problem}`, { path });
}

/** A field the schema calls optional but this message needs (e.g. evse on the first TransactionEvent). */
export function missingField(path: string, why: string): RPCError {
  return callError('OccurrenceConstraintViolation', `${path} is required: ${why}`, { path });
}
