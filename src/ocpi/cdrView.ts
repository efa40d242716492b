// The OCPI view of a CDR we hold: fields of our own (the rating breakdown, chargeledger_*) stay home.
import type { Cdr } from '../tariff/types';

export function ocpiCdr(cdr: Cdr): Cdr {
  return Object.fromEntries(Object.entries(cdr).filter(([key]) => !key.startsWith('chargeledger_'))) as Cdr;
}
