// Request and response bodies of /v1/tokens.
import { Type, type Static } from '@sinclair/typebox';
import { TOKEN_STATUSES, TOKEN_TYPES, WHITELIST_TYPES } from '../../db/migrations/001_core';
import { ERROR_MESSAGE, Identifier, Instant, Nullable, StringEnum } from './primitives';

export const TokenUidParams = Type.Object({
  uid: Identifier({
    maxLength: 36,
    description: 'Token uid (the idTag a charger sends).',
    examples: ['DEADBEEF01'],
  }),
});

export const PutTokenBody = Type.Object(
  {
    countryCode: Type.String({
      pattern: '^[A-Z]{2}$',
      [ERROR_MESSAGE]: 'expected an ISO 3166-1 alpha-2 code such as "DE"',
      description: 'Issuing eMSP country.',
    }),
    partyId: Type.String({
      pattern: '^[A-Z0-9]{3}$',
      [ERROR_MESSAGE]: 'expected a 3-character upper-case party id such as "CLG"',
      description: 'Issuing eMSP party id.',
    }),
    type: StringEnum(TOKEN_TYPES),
    contractId: Identifier({ maxLength: 36, description: 'eMSP contract id (EMAID).' }),
    visualNumber: Type.Optional(Identifier({ maxLength: 64 })),
    issuer: Type.Optional(Identifier({ maxLength: 64 })),
    groupId: Type.Optional(
      Identifier({ maxLength: 36, description: 'Any token of the group may stop the session.' }),
    ),
    language: Type.Optional(
      Type.String({ pattern: '^[a-z]{2}$', [ERROR_MESSAGE]: 'expected ISO 639-1, e.g. "de"' }),
    ),
    status: Type.Optional(StringEnum(TOKEN_STATUSES, { default: 'valid' })),
    whitelist: Type.Optional(StringEnum(WHITELIST_TYPES, { default: 'ALLOWED' })),
    expiresAt: Type.Optional(Nullable(Instant())),
    tariffId: Type.Optional(
      Nullable(
        Identifier({ maxLength: 36, description: 'Contract tariff; absent: the charger’s tariff applies.' }),
      ),
    ),
    customerId: Type.Optional(Nullable(Identifier({ description: 'Contract customer for invoicing.' }))),
    isRoaming: Type.Optional(Type.Boolean({ default: false })),
  },
  {
    additionalProperties: false,
    examples: [{ countryCode: 'DE', partyId: 'CLG', type: 'RFID', contractId: 'DE-CLG-C00001-7' }],
  },
);
export type PutTokenBody = Static<typeof PutTokenBody>;

export const PatchTokenBody = Type.Object(
  { status: StringEnum(TOKEN_STATUSES, { description: 'blocked stops new sessions; valid unblocks.' }) },
  { additionalProperties: false, examples: [{ status: 'blocked' }] },
);

export const TokenView = Type.Object(
  {
    uid: Type.String(),
    countryCode: Type.String(),
    partyId: Type.String(),
    type: Type.String(),
    contractId: Type.String(),
    visualNumber: Nullable(Type.String()),
    issuer: Nullable(Type.String()),
    groupId: Nullable(Type.String()),
    language: Nullable(Type.String()),
    status: Type.String(),
    whitelist: Type.String(),
    expiresAt: Nullable(Type.String()),
    tariffId: Nullable(Type.String()),
    customerId: Nullable(Type.String()),
    isRoaming: Type.Boolean(),
    lastUpdated: Type.String(),
    createdAt: Type.String(),
  },
  { $id: 'Token' },
);
