import { parseOcmf, readingEnergyWh } from '../../src/cdr/ocmf';
import { ocmfRecordsOfSamples, ocmfSignedData, signedStartStop } from '../../src/cdr/ocmfSignedData';

// Written by hand after the OCMF specification (SAFE e.V., revision 1.2, "Example File"): an AC wallbox
// signing start and stop as separate records ("SingleReading"), values in kWh with two decimals as the
// application rule recommends. The signatures are placeholders: this parser does not verify them.
const START_PAYLOAD =
  '{"FV":"1.0","GI":"KEBA_KCP30","GS":"17619300","GV":"2.8.5","PG":"T32","MV":"Phoenix Contact",' +
  '"MM":"EEM-350-D-MCB","MS":"BQ27400330016","MF":"1.0","IS":true,"IL":"TRUSTED","IF":["RFID_PLAIN","OCPP_RS_TLS"],' +
  '"IT":"ISO14443","ID":"1F2D3A4F5506C7","CT":"EVSEID","CI":"DE*ABC*E1234*1","RD":[{"TM":"2025-01-15T16:30:00,000+0100 S",' +
  '"TX":"B","RV":1000.00,"RI":"1-b:1.8.0","RU":"kWh","RT":"AC","EF":"","ST":"G"}]}';
const START_SIGNATURE =
  '{"SA":"ECDSA-secp256r1-SHA256","SD":"304502207F6A3C2A1B0E4D5C6B7A8F9E0D1C2B3A4F5E6D7C8B9A0F1E2D3C4B5A6978022100D1C2B3A4F5E6D7C8B9A0F1E2D3C4B5A6978F6A3C2A1B0E4D5C6B7A8F9E0D1C2B"}';
const START = `OCMF|${START_PAYLOAD}|${START_SIGNATURE}`;
const STOP_PAYLOAD = START_PAYLOAD.replace('"PG":"T32"', '"PG":"T33"').replace(
  '{"TM":"2025-01-15T16:30:00,000+0100 S","TX":"B","RV":1000.00',
  '{"TM":"2025-01-15T18:30:00,000+0100 S","TX":"E","RV":1012.83',
);
const STOP = `OCMF|${STOP_PAYLOAD}|{"SA":"ECDSA-secp256r1-SHA256","SD":"3044022033AA"}`;

// A DC charger signing the whole transaction in one record ("MultipleReading"), pretty-printed; later
// readings omit the fields that stay the same.
const MULTIPLE = `OCMF|{
  "FV": "1.0", "GI": "ABL SBC-301", "GS": "808829900001", "GV": "1.4p3", "PG": "T12345",
  "MV": "Phoenix Contact", "MM": "EEM-350-D-MCB", "MS": "BQ27400330016", "MF": "1.0",
  "IS": false, "IT": "NONE",
  "RD": [
    { "TM": "2025-07-24T13:22:04,000+0200 S", "TX": "B", "RV": 2935.60, "RI": "1-b:1.8.0", "RU": "kWh", "RT": "DC", "EF": "", "ST": "G" },
    { "TM": "2025-07-24T13:37:04,000+0200 S", "TX": "C", "RV": 2950.1 },
    { "TM": "2025-07-24T13:52:04,000+0200 S", "RV": 2960.0 },
    { "TM": "2025-07-24T14:07:04,250+0200 S", "TX": "E", "RV": 2965.10, "CL": 0.5 }
  ]
}|{ "SD": "887FABF407AC82782EEFFF2220C2F856AEB0BC22364BBCC6B55761911ED651D1A922BADA88818C9671AFEE7094D7F536" }`;

describe('parseOcmf', () => {
  test('reads gateway, meter, user assignment, readings and signature of a record', () => {
    const record = parseOcmf(START);
    expect(record).toEqual({
      text: START,
      payloadText: START_PAYLOAD,
      signatureText: START_SIGNATURE,
      formatVersion: '1.0',
      gateway: { identification: 'KEBA_KCP30', serial: '17619300', version: '2.8.5' },
      pagination: 'T32',
      meter: { vendor: 'Phoenix Contact', model: 'EEM-350-D-MCB', serial: 'BQ27400330016', firmware: '1.0' },
      identification: {
        status: true,
        level: 'TRUSTED',
        flags: ['RFID_PLAIN', 'OCPP_RS_TLS'],
        type: 'ISO14443',
        data: '1F2D3A4F5506C7',
        tariffText: undefined,
      },
      chargePoint: { type: 'EVSEID', id: 'DE*ABC*E1234*1' },
      readings: [
        {
          time: '2025-01-15T15:30:00Z',
          timeText: '2025-01-15T16:30:00,000+0100 S',
          timeSync: 'S',
          transaction: 'B',
          value: '1000.00',
          unit: 'kWh',
          obis: '1-b:1.8.0',
          currentType: 'AC',
          errorFlags: '',
          status: 'G',
        },
      ],
      signature: {
        algorithm: 'ECDSA-secp256r1-SHA256',
        encoding: undefined,
        mimeType: undefined,
        data: '304502207F6A3C2A1B0E4D5C6B7A8F9E0D1C2B3A4F5E6D7C8B9A0F1E2D3C4B5A6978022100D1C2B3A4F5E6D7C8B9A0F1E2D3C4B5A6978F6A3C2A1B0E4D5C6B7A8F9E0D1C2B',
      },
    });
    expect(readingEnergyWh(record.readings[0])).toBe('1000000');
  });

  test('readings inherit omitted fields from the reading before; values keep their written digits', () => {
    const record = parseOcmf(MULTIPLE);
    expect(
      record.readings.map((r) => [r.time, r.transaction, r.value, r.unit, r.status, r.currentType]),
    ).toEqual([
      ['2025-07-24T11:22:04Z', 'B', '2935.60', 'kWh', 'G', 'DC'],
      ['2025-07-24T11:37:04Z', 'C', '2950.1', 'kWh', 'G', 'DC'],
      ['2025-07-24T11:52:04Z', 'C', '2960.0', 'kWh', 'G', 'DC'],
      ['2025-07-24T12:07:04.250Z', 'E', '2965.10', 'kWh', 'G', 'DC'],
    ]);
    expect(record.readings[3].cumulatedLoss).toBe('0.5');
    expect(record.readings[1].cumulatedLoss).toBeUndefined();
    expect(record.identification).toEqual({ status: false, flags: [], type: 'NONE' });
  });

  test('accepts the record hex-encoded (OCPP 1.5 SignedData) and base64-encoded (OCPP 2.0.1)', () => {
    const plain = parseOcmf(START);
    expect(parseOcmf(Buffer.from(START, 'utf8').toString('hex'))).toEqual(plain);
    expect(parseOcmf(Buffer.from(START, 'utf8').toString('base64'))).toEqual(plain);
    expect(parseOcmf(`  ${START}\n`)).toEqual(plain);
  });

  test('malformed records are errors naming the section and field', () => {
    const cases: [string, RegExp][] = [
      ['hello', /OCMF record: does not start with "OCMF\|"/],
      [`OCMF|${START_PAYLOAD}|{"SD":"00"}|extra`, /found 4 sections/],
      ['OCMF|{"PG":"T1",|{"SD":"00"}', /OCMF payload: not valid JSON/],
      [
        START.replace('"RV":1000.00', '"RV":"1000.00"'),
        /OCMF payload\.RD\[0\]\.RV: expected a JSON number, got "1000.00"/,
      ],
      [START.replace('"MS":"BQ27400330016",', ''), /OCMF payload\.MS: required field is missing/],
      [
        START.replace('2025-01-15T16:30:00,000+0100 S', '15.01.2025 16:30'),
        /OCMF payload\.RD\[0\]\.TM: not an OCMF time/,
      ],
      [START.replace(',"ST":"G"', ''), /OCMF payload\.RD\[0\]\.ST: required field is missing/],
      [START.replace('"RU":"kWh",', ''), /OCMF payload\.RD\[0\]\.RU: a reading value needs its unit/],
      [`OCMF|${START_PAYLOAD}|{"SA":"x"}`, /OCMF signature\.SD: required field is missing/],
      [START.replace('"IS":true', '"IS":"yes"'), /OCMF payload\.IS: expected true or false/],
      [
        'OCMF|{"PG":"T1","MS":"X","RD":[]}|{"SD":"00"}',
        /OCMF payload\.RD: expected a non-empty array of readings/,
      ],
    ];
    for (const [text, message] of cases) expect(() => parseOcmf(text)).toThrow(message);
  });
});

describe('signed start and stop readings', () => {
  test('from separate start and stop records', () => {
    const readings = signedStartStop([parseOcmf(START), parseOcmf(STOP)]);
    expect(readings.meterSerial).toBe('BQ27400330016');
    expect(readings.start).toMatchObject({ energyWh: '1000000', pagination: 'T32', usable: true });
    expect(readings.start?.reading.time).toBe('2025-01-15T15:30:00Z');
    expect(readings.stop).toMatchObject({ energyWh: '1012830', pagination: 'T33', usable: true });
    expect(readings.stop?.reading.time).toBe('2025-01-15T17:30:00Z');
    expect(readings.energyWh).toBe('12830');
  });

  test('from one record holding the whole transaction', () => {
    const readings = signedStartStop([parseOcmf(MULTIPLE)]);
    expect([readings.start?.energyWh, readings.stop?.energyWh, readings.energyWh]).toEqual([
      '2935600',
      '2965100',
      '29500',
    ]);
  });

  test('a reading the meter marks as faulty is not billable', () => {
    const faulty = parseOcmf(STOP.replace('"EF":"","ST":"G"', '"EF":"E","ST":"G"'));
    const readings = signedStartStop([parseOcmf(START), faulty]);
    expect(readings.stop?.usable).toBe(false);
    expect(readings.energyWh).toBeUndefined();
    const manipulated = signedStartStop([parseOcmf(START), parseOcmf(STOP.replace('"ST":"G"', '"ST":"M"'))]);
    expect(manipulated.stop?.usable).toBe(false);
  });

  test('records of different meters do not make one session', () => {
    const other = parseOcmf(STOP.replace('"MS":"BQ27400330016"', '"MS":"OTHER-METER"'));
    expect(() => signedStartStop([parseOcmf(START), other])).toThrow(
      /records\[1\]\.payload\.MS: meter OTHER-METER differs/,
    );
  });
});

describe('OCPI signed_data', () => {
  test('one signed value per record, payload as plain data and the whole record as signed data', () => {
    const signed = ocmfSignedData([parseOcmf(START), parseOcmf(STOP)], {
      publicKey: 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE',
      url: 'https://transparenz.software',
    });
    expect(signed).toEqual({
      encoding_method: 'OCMF',
      public_key: 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE',
      signed_values: [
        { nature: 'Start', plain_data: START_PAYLOAD, signed_data: START },
        { nature: 'End', plain_data: STOP_PAYLOAD, signed_data: STOP },
      ],
      url: 'https://transparenz.software',
    });
    expect(ocmfSignedData([parseOcmf(MULTIPLE)]).signed_values.map((v) => v.nature)).toEqual(['End']);
  });

  test('records are collected from samples once each; unreadable signed data is reported', () => {
    const { records, rejected } = ocmfRecordsOfSamples([
      {
        timestamp: '2025-01-15T15:30:00Z',
        energyWh: '1000000',
        signedData: START,
        signedFormat: 'SignedData',
      },
      { timestamp: '2025-01-15T15:45:00Z', energyWh: '1002750' },
      { timestamp: '2025-01-15T15:30:00Z', signedData: Buffer.from(START).toString('base64') },
      { timestamp: '2025-01-15T17:30:00Z', signedData: 'ALFEN-EICHRECHT:0102030405' },
      { timestamp: '2025-01-15T17:30:00Z', energyWh: '1012830', signedData: STOP },
    ]);
    expect(records.map((r) => r.pagination)).toEqual(['T32', 'T33']);
    expect(rejected).toEqual([
      { index: 3, reason: 'OCMF record: does not start with "OCMF|" (plain, hex or base64)' },
    ]);
  });
});
