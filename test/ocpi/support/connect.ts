// Connects two OCPI nodes the way operators do: the CPO invites, the eMSP registers with token A.
import { invitePartner, listPartners } from '../../../src/db/repos/partners';
import { registerWithPartner } from '../../../src/ocpi';
import type { OcpiNode } from './ocpiNode';

export interface Connection {
  /** The eMSP's partner id on the CPO node. */
  emspOnCpo: string;
  /** The CPO's partner id on the eMSP node. */
  cpoOnEmsp: string;
}

export async function connect(cpo: OcpiNode, emsp: OcpiNode): Promise<Connection> {
  const { tokenA, partner } = await invitePartner(cpo.db, { name: 'eMSP partner' });
  const registered = await registerWithPartner(emsp.ctx, cpo.urls.versions, tokenA, { name: 'CPO partner' });
  expect((await listPartners(cpo.db)).find((p) => p.id === partner.id)?.status).toBe('registered');
  return { emspOnCpo: partner.id, cpoOnEmsp: registered.id };
}
