// Query and path parameters of /v1/cdrs (the bodies are OCPI CDRs, see ocpi.ts).
import { Type } from '@sinclair/typebox';
import { PageQuery } from '../paging';
import { Identifier, Instant, StringEnum } from './primitives';

export const CdrListQuery = Type.Object(
  {
    from: Type.Optional(
      Instant({ description: 'CDRs last updated at or after this instant (OCPI date_from).' }),
    ),
    to: Type.Optional(Instant({ description: 'CDRs last updated before this instant (OCPI date_to).' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);

export const CdrIdParams = Type.Object({
  id: Identifier({ maxLength: 36, description: 'OCPI CDR id.', examples: ['CDR-0F3A…'] }),
});

export const CdrQuery = Type.Object(
  {
    include: Type.Optional(
      StringEnum(['breakdown'] as const, {
        description: 'breakdown: add `chargeledger_breakdown`, every priced line as exact decimal strings.',
      }),
    ),
  },
  { additionalProperties: false },
);
