// Finance exports, streamed: invoices, credit notes and CDRs as CSV / JSON / NDJSON, and DATEV bookings.
export {
  openExport,
  exportRows,
  EXPORT_DATASETS,
  type ExportRequest,
  type ExportDatasetName,
  type OpenedExport,
} from './openExport';
export { EXPORT_FORMATS, CONTENT_TYPES, type ExportFormat } from './streamFormats';
export type { InvoiceExportRow } from './invoiceRows';
export type { CdrExportRow } from './cdrRows';
export { openDatevExport, type DatevExportRequest } from './datev/openDatevExport';
export { SKR03_REVENUE_ACCOUNTS, type DatevSettings, type RevenueAccount } from './datev/datevSettings';
export { DATEV_COLUMNS } from './datev/datevColumns';
export { decodeWindows1252, encodeWindows1252 } from './datev/windows1252';
export { ExportInputError } from './exportErrors';
export { progressBar, type Progress } from './progressBar';
