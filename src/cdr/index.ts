// Public surface of src/cdr: session readings → OCPI 2.2.1 charging periods → unpriced CDR, and OCMF.
export { buildChargingPeriods } from './chargingPeriods';
export type { ChargingPeriodsInput, ChargingPeriodsResult, ChargingPeriodTotals } from './chargingPeriods';
export type { ExcludedSample, SessionMetering } from './sessionReadings';
export { buildCdr, CdrInputError } from './cdr';
export type { BuildCdrInput, CdrOwner } from './cdr';
export { OcmfParseError, parseOcmf, readingEnergyWh } from './ocmf';
export type { OcmfReading, OcmfRecord } from './ocmf';
export { ocmfRecordsOfSamples, ocmfSignedData, signedStartStop } from './ocmfSignedData';
export type { SampleOcmfRecords, SignedMeterReading, SignedSessionReadings } from './ocmfSignedData';
