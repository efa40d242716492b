// The token and location of the CDR tests: a Berlin car park with one Type 2 socket.
import type { CdrLocation, CdrToken } from '../../src/tariff/types';

export const TOKEN: CdrToken = {
  country_code: 'DE',
  party_id: 'XYZ',
  uid: '1F2D3A4F5506C7',
  type: 'RFID',
  contract_id: 'DE-XYZ-C12345678-9',
};

export const LOCATION: CdrLocation = {
  id: 'LOC-BER-01',
  name: 'Parkhaus Mitte',
  address: 'Friedrichstraße 100',
  city: 'Berlin',
  postal_code: '10117',
  country: 'DEU',
  coordinates: { latitude: '52.520008', longitude: '13.388860' },
  evse_uid: 'EVSE-0001',
  evse_id: 'DE*ABC*E1234*1',
  connector_id: '1',
  connector_standard: 'IEC_62196_T2',
  connector_format: 'SOCKET',
  connector_power_type: 'AC_3_PHASE',
};
