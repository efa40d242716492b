// Named schemas: registered once with Fastify (response serialization resolves them) and listed under
// components.schemas in the OpenAPI document, so clients generate one type per concept.
import { Type, type SchemaOptions, type Static, type TSchema } from '@sinclair/typebox';

/** A `$ref` to a named schema that keeps the schema's static type (TypeBox 0.34 recipe). */
export function refTo<T extends TSchema>(schema: T, options: SchemaOptions = {}) {
  if (!schema.$id) throw new Error('refTo: the schema needs an $id');
  return Type.Unsafe<Static<T>>(Type.Ref(schema.$id, options));
}
