// Two runs of the same scenario on different chargers must bill the same: their CDRs are equal once the
// fields that name the charger, the session or the moment of rating are set aside.
import type { Cdr } from '../../src/tariff/types';

export type ComparableCdr = Omit<Cdr, 'id' | 'session_id' | 'cdr_location' | 'last_updated'> & {
  cdr_location: Omit<Cdr['cdr_location'], 'evse_uid' | 'evse_id'>;
};

export function comparableCdr(cdr: Cdr): ComparableCdr {
  const { id: _id, session_id: _session, last_updated: _updated, cdr_location, ...rest } = cdr;
  const { evse_uid: _uid, evse_id: _evse, ...location } = cdr_location;
  return { ...rest, cdr_location: location };
}
