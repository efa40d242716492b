// Which CALLERROR code a schema violation gets, and how each OCPP version spells it on the wire.
import { translateCallErrorFrame, wireErrorCode } from '../../src/ocpp/errorDialect';
import { callErrorCodeFor, describeViolation, jsonPath } from '../../src/ocpp/validation';

describe('schema violation → CALLERROR code', () => {
  it.each([
    ['required', '', 'OccurrenceConstraintViolation'],
    ['minItems', '/meterValue', 'OccurrenceConstraintViolation'],
    ['type', '/connectorId', 'TypeConstraintViolation'],
    ['type', '', 'FormatViolation'],
    ['maxLength', '/idTag', 'TypeConstraintViolation'],
    ['format', '/timestamp', 'TypeConstraintViolation'],
    ['enum', '/status', 'PropertyConstraintViolation'],
    ['minimum', '/evseId', 'PropertyConstraintViolation'],
    ['someFutureKeyword', '/x', 'FormatViolation'],
  ])('%s at "%s" → %s', (keyword, instancePath, code) => {
    expect(callErrorCodeFor('ocpp1.6', { keyword, instancePath, params: {} })).toBe(code);
    expect(callErrorCodeFor('ocpp2.0.1', { keyword, instancePath, params: {} })).toBe(code);
  });

  it('calls an unexpected field a broken PDU in each version’s terms', () => {
    const violation = {
      keyword: 'additionalProperties',
      instancePath: '',
      params: { additionalProperty: 'x' },
    };
    expect(callErrorCodeFor('ocpp1.6', violation)).toBe('FormatViolation');
    expect(callErrorCodeFor('ocpp2.0.1', violation)).toBe('ProtocolError');
  });

  it('names the field with a JSON path', () => {
    expect(jsonPath('/meterValue/0/sampledValue/12/value')).toBe('meterValue[0].sampledValue[12].value');
    expect(jsonPath('/a~1b/c~0d')).toBe('a/b.c~d');
    expect(jsonPath('')).toBe('');
    expect(
      describeViolation('MeterValues', {
        keyword: 'required',
        instancePath: '/meterValue/0',
        params: { missingProperty: 'timestamp' },
      }),
    ).toEqual({
      path: 'meterValue[0].timestamp',
      message: 'MeterValues: meterValue[0].timestamp is required',
    });
    expect(
      describeViolation('StatusNotification', {
        keyword: 'enum',
        instancePath: '/status',
        message: 'must be equal to one of the allowed values',
        params: { allowedValues: ['Available', 'Faulted'] },
      }).message,
    ).toBe('StatusNotification: status must be equal to one of the allowed values (Available, Faulted)');
  });
});

describe('CALLERROR spelling per OCPP version', () => {
  it.each([
    ['1.6', 'FormatViolation', 'FormationViolation'],
    ['1.6', 'OccurrenceConstraintViolation', 'OccurenceConstraintViolation'],
    ['1.6', 'RpcFrameworkError', 'FormationViolation'],
    ['1.6', 'MessageTypeNotSupported', 'GenericError'],
    ['1.6', 'FormationViolation', 'FormationViolation'],
    ['1.6', 'NotImplemented', 'NotImplemented'],
    ['2.0.1', 'FormationViolation', 'FormatViolation'],
    ['2.0.1', 'OccurrenceConstraintViolation', 'OccurenceConstraintViolation'],
    ['2.0.1', 'RpcFrameworkError', 'RpcFrameworkError'],
    ['2.0.1', 'ProtocolError', 'ProtocolError'],
  ] as const)('%s spells %s as %s', (version, code, wire) => {
    expect(wireErrorCode(version, code)).toBe(wire);
  });

  it('rewrites only the code of CALLERROR frames', () => {
    expect(translateCallErrorFrame('1.6', '[4,"m1","FormatViolation","bad",{}]')).toBe(
      '[4,"m1","FormationViolation","bad",{}]',
    );
    expect(translateCallErrorFrame('1.6', '[3,"m1",{"status":"FormatViolation"}]')).toBe(
      '[3,"m1",{"status":"FormatViolation"}]',
    );
    expect(translateCallErrorFrame('2.0.1', '[4,"m1","NotSupported","",{}]')).toBe(
      '[4,"m1","NotSupported","",{}]',
    );
  });
});
