// Connections to the Temporal frontend for clients (API, OCPP gateway, CLI) and workers.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { loadConfig, type TemporalConfig } from '../config';

/** Temporal's own convention when nothing is configured. */
export const DEFAULT_TEMPORAL_ADDRESS = '127.0.0.1:7233';

function addressOf(config: TemporalConfig): string {
  return config.address ?? DEFAULT_TEMPORAL_ADDRESS;
}

function unreachable(address: string, err: unknown): Error {
  const reason = err instanceof Error ? err.message : String(err);
  return new Error(
    `cannot reach the Temporal server at ${address} (${reason}). ` +
      'Set TEMPORAL_ADDRESS to a running server, or start one with `chargeledger dev`.',
    { cause: err },
  );
}

/** A workflow client for `config.namespace`. The caller closes it with `client.connection.close()`. */
export async function connectClient(config: TemporalConfig = loadConfig().temporal): Promise<Client> {
  const address = addressOf(config);
  let connection: Connection;
  try {
    connection = await Connection.connect({ address, connectTimeout: '10s' });
  } catch (err) {
    throw unreachable(address, err);
  }
  return new Client({ connection, namespace: config.namespace });
}

/** The native (Rust core) connection a `Worker` needs. The caller closes it with `close()`. */
export async function connectWorkerConnection(
  config: TemporalConfig = loadConfig().temporal,
): Promise<NativeConnection> {
  const address = addressOf(config);
  try {
    return await NativeConnection.connect({ address });
  } catch (err) {
    throw unreachable(address, err);
  }
}
