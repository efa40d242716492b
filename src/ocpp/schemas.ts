// The official OCPP JSON schemas, as shipped (and used for strict validation) by ocpp-rpc.
import ocpp16 from 'ocpp-rpc/lib/schemas/ocpp1_6.json';
import ocpp201 from 'ocpp-rpc/lib/schemas/ocpp2_0_1.json';
import type { Subprotocol } from './protocols';

export type SchemaDocument = { $id: string } & Record<string, unknown>;

const SCHEMAS: Record<Subprotocol, readonly SchemaDocument[]> = {
  'ocpp1.6': ocpp16 as SchemaDocument[],
  'ocpp2.0.1': ocpp201 as SchemaDocument[],
};

export function schemasOf(subprotocol: Subprotocol): readonly SchemaDocument[] {
  return SCHEMAS[subprotocol];
}

/** Every action the protocol defines a request for (e.g. "StartTransaction" from "urn:StartTransaction.req"). */
export function actionsOf(subprotocol: Subprotocol): string[] {
  return SCHEMAS[subprotocol].flatMap(({ $id }) => {
    const match = /^urn:(.+)\.req$/.exec($id);
    return match ? [match[1]] : [];
  });
}
