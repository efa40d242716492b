// Every workflow a chargeledger worker runs (the worker bundles this file for Temporal's sandbox).
export { chargeSession } from './chargeSession';
export { billSession } from './billSession';
export { invoiceRun } from './invoiceRun';
export { creditNote } from './creditNote';
export { cdrPush } from './cdrPush';
export { receivedCdr } from './receivedCdr';
export { settlement } from './settlement';
