// Our side of the OCPI credentials module as the Sender (credentials.asciidoc): registering with a
// partner who gave us CREDENTIALS_TOKEN_A, rotating tokens (PUT) and unregistering (DELETE).
//
// Token order matters: the partner calls our versions endpoint with the token we send *during* our
// POST/PUT, so that token is valid before the request leaves (registration: as our current token;
// rotation: as a pending token beside the current one, promoted when the PUT succeeds and dropped
// when it fails, so a failed rotation leaves the old tokens working).
import {
  createPartner,
  getPartner,
  newCredentialsToken,
  updatePartnerConnection,
  type PartnerRecord,
} from '../../db/repos/partners';
import { InputError } from '../../tariff/parse/issues';
import { ourCredentials, partnerRolesOf, type OcpiContext } from '../credentials';
import { OcpiError } from '../envelope';
import type { Credentials } from '../types';
import { parseCredentials } from '../validation/credentialsSchema';
import { discoverEndpoints, endpointUrl } from './discoverEndpoints';
import { OcpiCallError, ocpiFetch, successData } from './ocpiFetch';

function credentialsUrlOf(partner: Pick<PartnerRecord, 'id' | 'endpoints'>): string {
  const url = endpointUrl(partner.endpoints, 'credentials');
  if (!url)
    throw new OcpiCallError(`partner ${partner.id}`, undefined, undefined, 'no credentials endpoint known');
  return url;
}

function theirCredentials(data: unknown, what: string): Credentials {
  try {
    return parseCredentials(data);
  } catch (err) {
    if (err instanceof OcpiError || err instanceof InputError) {
      throw new OcpiCallError(what, 200, undefined, `malformed credentials in the answer: ${err.message}`);
    }
    throw err;
  }
}

async function registeredPartner(
  ctx: OcpiContext,
  partnerId: string,
): Promise<PartnerRecord & { outgoingToken: string }> {
  const partner = await getPartner(ctx.db, partnerId);
  if (!partner) throw new Error(`no roaming partner ${JSON.stringify(partnerId)}`);
  if (partner.status !== 'registered' || !partner.outgoingToken) {
    throw new Error(`roaming partner ${partnerId} is ${partner.status}, not registered`);
  }
  return partner as PartnerRecord & { outgoingToken: string };
}

/**
 * Performs the whole registration handshake with a partner from its versions URL and the
 * CREDENTIALS_TOKEN_A it gave us: versions → 2.2.1 endpoints → POST credentials with our new token B
 * → store their token C and roles. Returns the registered partner.
 */
export async function registerWithPartner(
  ctx: OcpiContext,
  versionsUrl: string,
  tokenA: string,
  options: { name?: string; partnerId?: string } = {},
): Promise<PartnerRecord> {
  const peer = await discoverEndpoints(versionsUrl, tokenA, ctx.timeoutMs);
  const credentialsUrl = endpointUrl(peer.endpoints, 'credentials')!;
  const existing = options.partnerId ? await getPartner(ctx.db, options.partnerId) : undefined;
  if (existing?.status === 'registered') {
    throw new Error(`roaming partner ${existing.id} is registered already: rotate with updateCredentials`);
  }
  const partner =
    existing ??
    (await createPartner(ctx.db, { id: options.partnerId, name: options.name ?? new URL(versionsUrl).host }));
  const tokenB = newCredentialsToken();
  await updatePartnerConnection(ctx.db, partner.id, {
    status: 'registering',
    versionsUrl,
    version: peer.version,
    endpoints: peer.endpoints,
    incomingToken: { token: tokenB, kind: 'B' },
    pendingToken: null,
    outgoingToken: tokenA,
  });
  try {
    const what = `POST ${credentialsUrl}`;
    const answer = await ocpiFetch<Credentials>({
      method: 'POST',
      url: credentialsUrl,
      token: tokenA,
      body: ourCredentials(ctx.identity, tokenB),
      timeoutMs: ctx.timeoutMs,
    });
    const credentials = theirCredentials(successData(answer, what), what);
    return await updatePartnerConnection(ctx.db, partner.id, {
      status: 'registered',
      outgoingToken: credentials.token,
      roles: partnerRolesOf(credentials.roles),
    });
  } catch (err) {
    // Token B was never confirmed: it must not open our endpoints.
    await updatePartnerConnection(ctx.db, partner.id, { incomingToken: null, outgoingToken: null });
    throw err;
  }
}

/**
 * Rotates the credentials tokens (and refreshes endpoints and roles) with a registered partner:
 * PUT credentials with a new token for them; they answer with a new token for us.
 */
export async function updateCredentials(ctx: OcpiContext, partnerId: string): Promise<PartnerRecord> {
  const partner = await registeredPartner(ctx, partnerId);
  const peer = await discoverEndpoints(partner.versionsUrl!, partner.outgoingToken, ctx.timeoutMs);
  const credentialsUrl = endpointUrl(peer.endpoints, 'credentials')!;
  const newToken = newCredentialsToken();
  await updatePartnerConnection(ctx.db, partner.id, {
    version: peer.version,
    endpoints: peer.endpoints,
    pendingToken: newToken,
  });
  try {
    const what = `PUT ${credentialsUrl}`;
    const answer = await ocpiFetch<Credentials>({
      method: 'PUT',
      url: credentialsUrl,
      token: partner.outgoingToken,
      body: ourCredentials(ctx.identity, newToken),
      timeoutMs: ctx.timeoutMs,
    });
    const credentials = theirCredentials(successData(answer, what), what);
    return await updatePartnerConnection(ctx.db, partner.id, {
      incomingToken: { token: newToken, kind: 'B' },
      pendingToken: null,
      outgoingToken: credentials.token,
      roles: partnerRolesOf(credentials.roles),
    });
  } catch (err) {
    await updatePartnerConnection(ctx.db, partner.id, { pendingToken: null });
    throw err;
  }
}

/**
 * Unregisters: DELETE on the partner's credentials endpoint, then forgets both tokens. A partner
 * answering 405 (it does not know us any more) counts as done.
 */
export async function unregisterFromPartner(ctx: OcpiContext, partnerId: string): Promise<PartnerRecord> {
  const partner = await registeredPartner(ctx, partnerId);
  const url = credentialsUrlOf(partner);
  const answer = await ocpiFetch({
    method: 'DELETE',
    url,
    token: partner.outgoingToken,
    timeoutMs: ctx.timeoutMs,
  });
  if (answer.httpStatus !== 405) successData(answer, `DELETE ${url}`);
  return updatePartnerConnection(ctx.db, partner.id, {
    status: 'unregistered',
    incomingToken: null,
    pendingToken: null,
    outgoingToken: null,
  });
}
