// Settlement with roaming partners: reconcile our CDRs with the partner's view, build the statement
// (per CDR, per direction, netted), render it as CSV or PDF, and the run that stores it.
export { settlementCdrOf, cdrKey, type SettlementCdr } from './settlementCdr';
export {
  reconcile,
  type Finding,
  type FindingKind,
  type FindingValues,
  type ReconcileOptions,
  type Reconciliation,
} from './reconcile';
export {
  buildStatement,
  STATEMENT_ROUNDING,
  type Amounts,
  type LineStatus,
  type SettlementStatement,
  type StatementDispute,
  type StatementInput,
  type StatementLine,
} from './statement';
export { statementCsv } from './statementCsv';
export { statementPdf } from './statementPdf';
export { settlePartnerPeriod, type PartnerView, type SettlementRun } from './settlePartnerPeriod';
