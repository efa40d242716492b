// Strict-mode validators: ocpp-rpc checks every inbound call against the official JSON schema; these
// wrappers only choose the CALLERROR code for a failure by what the OCPP-J error table says it is.
// ocpp-rpc's own choice calls an unknown enum value or a too-long string a "FormatViolation".
import { createValidator } from 'ocpp-rpc';
import { Validator } from 'ocpp-rpc/lib/validator';
import { callError, isCallError, type CallErrorCode } from './callErrors';
import { SUBPROTOCOLS, type Subprotocol } from './protocols';
import { schemasOf } from './schemas';

/** The part of an ajv error these rules read. */
interface SchemaViolation {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

// OCPP-J error table (1.6J §4.2.3, 2.0.1 part 4 §4.3):
//  Occurrence…: a field occurs too often or too rarely (missing required field, array length).
//  TypeConstraint…: a field violates its data type: JSON type, string length (CiString20Type…), dateTime.
//  PropertyConstraint…: a field has a type-correct but invalid value (enum, range, pattern).
//  FormatViolation / ProtocolError: the payload itself does not have the PDU's shape.
const CODE_BY_KEYWORD: Readonly<Record<string, CallErrorCode>> = {
  required: 'OccurrenceConstraintViolation',
  minItems: 'OccurrenceConstraintViolation',
  maxItems: 'OccurrenceConstraintViolation',
  additionalItems: 'OccurrenceConstraintViolation',
  minProperties: 'OccurrenceConstraintViolation',
  maxProperties: 'OccurrenceConstraintViolation',
  type: 'TypeConstraintViolation',
  maxLength: 'TypeConstraintViolation',
  minLength: 'TypeConstraintViolation',
  format: 'TypeConstraintViolation',
  enum: 'PropertyConstraintViolation',
  const: 'PropertyConstraintViolation',
  pattern: 'PropertyConstraintViolation',
  minimum: 'PropertyConstraintViolation',
  maximum: 'PropertyConstraintViolation',
  exclusiveMinimum: 'PropertyConstraintViolation',
  exclusiveMaximum: 'PropertyConstraintViolation',
  multipleOf: 'PropertyConstraintViolation',
};

/** An unexpected field breaks the PDU structure: 1.6 calls that FormationViolation, 2.0.1 ProtocolError. */
const UNEXPECTED_FIELD: Record<Subprotocol, CallErrorCode> = {
  'ocpp1.6': 'FormatViolation',
  'ocpp2.0.1': 'ProtocolError',
};

export function callErrorCodeFor(subprotocol: Subprotocol, violation: SchemaViolation): CallErrorCode {
  if (violation.keyword === 'additionalProperties') return UNEXPECTED_FIELD[subprotocol];
  // A payload that is not even an object is not this PDU at all.
  if (violation.keyword === 'type' && violation.instancePath === '') return 'FormatViolation';
  return CODE_BY_KEYWORD[violation.keyword] ?? 'FormatViolation';
}

/** "/meterValue/0/sampledValue/1/value" → "meterValue[0].sampledValue[1].value" */
export function jsonPath(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}

export function describeViolation(
  action: string,
  violation: SchemaViolation,
): { path: string; message: string } {
  const { keyword, params } = violation;
  const base = jsonPath(violation.instancePath);
  const child =
    keyword === 'required'
      ? params.missingProperty
      : keyword === 'additionalProperties'
        ? params.additionalProperty
        : undefined;
  const path = child === undefined ? base : base ? `${base}.${String(child)}` : String(child);
  const allowed = keyword === 'enum' ? ` (${(params.allowedValues as unknown[]).join(', ')})` : '';
  const what =
    keyword === 'required'
      ? 'is required'
      : keyword === 'additionalProperties'
        ? 'is not a field of this message'
        : `${violation.message ?? keyword}${allowed}`;
  return { path, message: `${action}: ${path || 'payload'} ${what}` };
}

class SpecErrorValidator extends Validator {
  constructor(private readonly protocol: Subprotocol) {
    const base = createValidator(protocol, schemasOf(protocol) as Parameters<typeof createValidator>[1]);
    super(base.subprotocol, base._ajv);
  }

  override validate(schemaId: string, params: unknown): boolean | Promise<unknown> {
    try {
      return super.validate(schemaId, params);
    } catch (err) {
      const violation = isCallError(err) ? firstViolation(err) : undefined;
      if (!violation) throw err;
      const action = schemaId.replace(/^urn:/, '').replace(/\.(req|conf)$/, '');
      const { path, message } = describeViolation(action, violation);
      throw callError(callErrorCodeFor(this.protocol, violation), message, {
        path,
        keyword: violation.keyword,
      });
    }
  }
}

function firstViolation(err: Error): SchemaViolation | undefined {
  const details = (err as { details?: { errors?: SchemaViolation[] } }).details;
  return details?.errors?.[0];
}

/** One validator per supported subprotocol, replacing ocpp-rpc's built-in ones of the same name. */
export function specValidators(): Validator[] {
  return SUBPROTOCOLS.map((protocol) => new SpecErrorValidator(protocol));
}
