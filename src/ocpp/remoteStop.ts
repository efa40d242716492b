// Asking a connected charger to end a transaction: RemoteStopTransaction (1.6) / RequestStopTransaction (2.0.1).
import type { RPCClient } from 'ocpp-rpc';
import { toTransactionId16 } from './ocpp16/mappings';
import type { OcppVersion } from './protocols';

/** True when the charger accepted; it then ends the transaction with StopTransaction / TransactionEvent Ended. */
export async function requestStop(
  connection: RPCClient,
  version: OcppVersion,
  transactionId: string,
): Promise<boolean> {
  const answer =
    version === '1.6'
      ? await connection.call('RemoteStopTransaction', { transactionId: toTransactionId16(transactionId) })
      : await connection.call('RequestStopTransaction', { transactionId });
  return (answer as { status: string }).status === 'Accepted';
}
