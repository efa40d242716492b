// Task queue names. Kept free of imports so workflow code (which runs in Temporal's sandbox and
// cannot load Node modules) may import them too.

/** The one task queue chargeledger's workers poll: session, settlement and invoice-run workflows. */
export const TASK_QUEUE = 'chargeledger';
