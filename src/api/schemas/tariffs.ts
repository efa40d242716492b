// Request and response bodies of /v1/tariffs.
import { Type } from '@sinclair/typebox';
import { CHECKED_BY_HANDLER } from '../validation';
import { refTo } from './components';
import { OcpiTariff } from './ocpi';
import { ERROR_MESSAGE, Identifier, Nullable, StringEnum } from './primitives';

export const TariffIdParams = Type.Object({
  id: Identifier({ maxLength: 36, description: 'OCPI tariff id.', examples: ['TOD-1'] }),
});

/** Documented as an OCPI Tariff; checked by src/tariff's parser and linter in the handler. */
export const PutTariffBody = { ...refTo(OcpiTariff), [CHECKED_BY_HANDLER]: true };

export const Finding = Type.Object({
  severity: StringEnum(['error', 'warning'] as const),
  path: Type.String({ description: 'JSON path in the tariff, e.g. elements[1].restrictions.start_time' }),
  code: Type.String({ examples: ['unknown_field', 'step_size_not_round'] }),
  message: Type.String(),
});

export const TariffVersion = Type.Object(
  {
    id: Type.String(),
    version: Type.Integer({
      minimum: 1,
      description: 'Appended on every change; old versions never change.',
    }),
    createdAt: Type.String(),
    tariff: refTo(OcpiTariff),
  },
  { $id: 'TariffVersion' },
);

export const PutTariffResponse = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  created: Type.Boolean({
    description: 'False when the tariff equals the current version (only last_updated may differ).',
  }),
  warnings: Type.Array(Finding, { description: 'Lint findings: accepted, but probably not what was meant.' }),
});

export const TariffVersionQuery = Type.Object(
  { version: Type.Optional(Type.Integer({ minimum: 1, description: 'Default: the current version.' })) },
  { additionalProperties: false },
);

export const TariffVersionSummary = Type.Object({
  version: Type.Integer(),
  createdAt: Type.String(),
  lastUpdated: Type.String({ description: 'OCPI last_updated of that version.' }),
  validFrom: Nullable(Type.String()),
  validTo: Nullable(Type.String()),
});

export const DescriptionQuery = Type.Object(
  {
    lang: Type.Optional(
      Type.String({
        pattern: '^[a-z]{2}$',
        default: 'en',
        [ERROR_MESSAGE]: 'expected an ISO 639-1 language code such as "en"',
        description: "Language of the tariff's own text (tariff_alt_text), ISO 639-1.",
      }),
    ),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

export const TariffDescription = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  title: Type.String({ examples: ['Tariff TOD-1 (REGULAR), prices in EUR'] }),
  lines: Type.Array(Type.String(), {
    description:
      'One line per price, then limits and validity, as AFIR asks drivers be shown before charging.',
  }),
  altText: Type.Optional(Type.String()),
  altUrl: Type.Optional(Type.String()),
});
