import { applyDecorators } from '@nestjs/common';
import { ApiExtension, ApiOkResponse, ApiResponse, DECORATORS } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger';
import { CLASSIFICATIONS, OCCURRED_AT_PRECISIONS, ROLES } from '#kernel';

export type { SchemaObject };

/** Where a named schema lives in the document. */
export const schemaRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/**
 * Named response schemas written as schema objects, for answers typed by read models (interfaces,
 * not classes). The decorator carries them on the operation under this extension prefix; the
 * document builder moves them into components.schemas (see openApiDocument).
 */
export const COMPONENT_SCHEMAS_EXTENSION = 'x-lrr-component-schemas';

/**
 * Documents a 200 answer by a named schema, registering it and the schemas it refers to.
 * `schemas` holds the root (named `name`) and every schema it reaches by `$ref`.
 */
export function ApiOkSchema(name: string, schemas: Readonly<Record<string, SchemaObject>>, description?: string) {
  return answerSchema(200, name, schemas, description);
}

/** As ApiOkSchema, for the 201 a command answers with what it recorded. */
export function ApiCreatedSchema(name: string, schemas: Readonly<Record<string, SchemaObject>>, description?: string) {
  return answerSchema(201, name, schemas, description);
}

function answerSchema(status: 200 | 201, name: string, schemas: Readonly<Record<string, SchemaObject>>, description?: string) {
  if (!schemas[name]) throw new Error(`${status === 200 ? 'ApiOkSchema' : 'ApiCreatedSchema'}: ${name} is not among the schemas given`);
  return applyDecorators(
    status === 200 ? ApiOkResponse({ description: description ?? name, schema: schemaRef(name) }) : ApiResponse({ status, description: description ?? name, schema: schemaRef(name) }),
    ApiExtension(`${COMPONENT_SCHEMAS_EXTENSION}-${name}`, schemas),
  );
}

/** As ApiOkSchema, for answers in several media types (the schema documents the JSON one). */
export function ApiOkContent(description: string, content: Record<string, { schema: SchemaObject | { $ref: string } }>, schemas: Readonly<Record<string, SchemaObject>> = {}) {
  return applyDecorators(
    ApiResponse({ status: 200, description, content }),
    ...(Object.keys(schemas).length > 0 ? [ApiExtension(`${COMPONENT_SCHEMAS_EXTENSION}-${Object.keys(schemas)[0]}`, schemas)] : []),
  );
}

/* Small builders, so schema objects read like the types they describe. */
export const str = (extra: SchemaObject = {}): SchemaObject => ({ type: 'string', ...extra });
export const int = (extra: SchemaObject = {}): SchemaObject => ({ type: 'integer', ...extra });
export const num = (extra: SchemaObject = {}): SchemaObject => ({ type: 'number', ...extra });
export const bool = (extra: SchemaObject = {}): SchemaObject => ({ type: 'boolean', ...extra });
export const day = (extra: SchemaObject = {}): SchemaObject => ({ type: 'string', format: 'date', ...extra });
export const instant = (extra: SchemaObject = {}): SchemaObject => ({ type: 'string', format: 'date-time', ...extra });
export const oneOfValues = (values: readonly string[], extra: SchemaObject = {}): SchemaObject => ({ type: 'string', enum: [...values], ...extra });
export const arrayOf = (items: SchemaObject | { $ref: string }, extra: SchemaObject = {}): SchemaObject => ({ type: 'array', items, ...extra });
export const ref = schemaRef;
/** `T | null` (OpenAPI 3.0). */
export const nullable = (schema: SchemaObject | { $ref: string }): SchemaObject =>
  '$ref' in schema ? { type: 'object', allOf: [schema], nullable: true } : { ...schema, nullable: true };
/** Any JSON object (event data, details): documented as such, its members not fixed here. */
export const freeObject = (extra: SchemaObject = {}): SchemaObject => ({ type: 'object', additionalProperties: true, ...extra });
/** A map from keys to values of one schema. */
export const mapOf = (values: SchemaObject | { $ref: string }, extra: SchemaObject = {}): SchemaObject => ({ type: 'object', additionalProperties: values, ...extra });

/**
 * An object schema: every property listed is required unless its name ends with `?`
 * (`{ 'title?': str() }`), which is how the read models' optional members read.
 */
export function obj(properties: Readonly<Record<string, SchemaObject | { $ref: string }>>, extra: SchemaObject = {}): SchemaObject {
  const props: Record<string, SchemaObject | { $ref: string }> = {};
  const required: string[] = [];
  for (const [key, schema] of Object.entries(properties)) {
    const optional = key.endsWith('?');
    const name = optional ? key.slice(0, -1) : key;
    props[name] = schema;
    if (!optional) required.push(name);
  }
  return { type: 'object', properties: props, ...(required.length > 0 && { required }), ...extra };
}

/**
 * The operation's id where the handler's name alone would not serve a generated client (`get`,
 * `list`, a name two controllers share): merged into @ApiOperation's metadata in either order.
 */
export const OperationId =
  (operationId: string): MethodDecorator =>
  (_target, _key, descriptor) => {
    const previous = (Reflect.getMetadata(DECORATORS.API_OPERATION, descriptor.value as object) ?? {}) as object;
    Reflect.defineMetadata(DECORATORS.API_OPERATION, { ...previous, operationId }, descriptor.value as object);
    return descriptor;
  };

/** Schemas every context's answers share: when a fact happened, who recorded it, how it is classified. */
export const SHARED_SCHEMAS: Readonly<Record<string, SchemaObject>> = {
  BusinessTime: obj(
    {
      at: str({ description: 'A day (YYYY-MM-DD) or an instant (ISO 8601); YYYY-MM for month, YYYY for year; the bound of on-or-after and on-or-before; the first day of between', example: '2025-04-13' }),
      precision: oneOfValues(OCCURRED_AT_PRECISIONS),
      'until?': day({ description: 'The last possible day of a between' }),
    },
    { description: 'When a fact happened, with its precision' },
  ),
  Actor: obj({ subject: str({ example: 'dana.ruiz@bayviewusd.example' }), role: oneOfValues(ROLES) }, { description: 'Who recorded or read something' }),
  ClassificationMark: obj({ level: oneOfValues(CLASSIFICATIONS), basis: str({ example: 'exchanged at the bargaining table' }) }, { description: 'A classification and why' }),
};
