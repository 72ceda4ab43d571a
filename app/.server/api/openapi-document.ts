// Turns the operation table into the OpenAPI 3.1 document: every schema is converted from zod with
// z.toJSONSchema; schemas with a `.meta({ id })` become components, shared by reference.
import { z } from 'zod';
import { ACCOUNT_RATE_LIMITS, PROJECT_RATE_LIMITS } from '../http/rate-limits.ts';
import { apiErrorBody } from './api-schemas.ts';
import type { ApiOperation, ResponseSpec } from './api-operation.ts';

type JsonSchema = Record<string, unknown>;

const STATUS_TEXT: Record<number, string> = { 200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No content' };

/** Formats say it already: the regex zod checks them with only makes the document unreadable. */
function dropFormatPatterns(ctx: { jsonSchema: JsonSchema }): void {
  if (typeof ctx.jsonSchema.format === 'string') delete ctx.jsonSchema.pattern;
}

/** Answers may gain fields without breaking clients: they are not promised closed. */
function openObjects(ctx: { jsonSchema: JsonSchema }): void {
  dropFormatPatterns(ctx);
  if (ctx.jsonSchema.additionalProperties === false) delete ctx.jsonSchema.additionalProperties;
}

class SchemaConverter {
  readonly components: Record<string, JsonSchema> = {};

  /** Requests are documented as clients write them (defaults optional), answers as we send them. */
  convert(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const json = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
      unrepresentable: 'any',
      override: io === 'output' ? openObjects : dropFormatPatterns,
    }) as JsonSchema;
    delete json.$schema;
    const defs = (json.$defs ?? {}) as Record<string, JsonSchema>;
    delete json.$defs;
    const relink = (s: JsonSchema): JsonSchema =>
      JSON.parse(JSON.stringify(s).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema;
    for (const [id, def] of Object.entries(defs)) this.components[id] ??= relink(def);
    return relink(json);
  }
}

/** The properties of an object schema, or of each part of an intersection (`allOf`). */
function propertiesOf(json: JsonSchema): { name: string; schema: JsonSchema; required: boolean }[] {
  const parts = Array.isArray(json.allOf) ? (json.allOf as JsonSchema[]) : [json];
  return parts.flatMap((part) => {
    const required = new Set((part.required as string[] | undefined) ?? []);
    return Object.entries((part.properties ?? {}) as Record<string, JsonSchema>).map(([name, schema]) => ({
      name,
      schema,
      required: required.has(name),
    }));
  });
}

function rateLimitText(name: NonNullable<ApiOperation['rateLimit']>): string {
  if (name in PROJECT_RATE_LIMITS) {
    const { perActor, perProject } = PROJECT_RATE_LIMITS[name as keyof typeof PROJECT_RATE_LIMITS];
    return `${perActor.limit} per ${perActor.windowSeconds} s per caller, ${perProject.limit} per project`;
  }
  const rule = ACCOUNT_RATE_LIMITS[name as keyof typeof ACCOUNT_RATE_LIMITS];
  return `${rule.limit} per ${rule.windowSeconds} s`;
}

/** The failures every operation of its kind can answer, unless it says otherwise. */
function defaultErrors(op: ApiOperation): Record<number, string> {
  const errors: Record<number, string> = {};
  if (op.body || op.multipart) {
    errors[400] = 'Invalid fields (`validation_failed`, fields keyed by path) or malformed JSON';
    errors[413] = 'Body too large';
  }
  if (op.query) errors[400] = 'Invalid query parameters (`validation_failed`)';
  if (op.permission !== 'public') errors[401] = 'No or bad credentials';
  if (op.permission === 'signed-in') errors[403] = 'API keys act inside their project only';
  if (op.permission !== 'public' && op.permission !== 'signed-in') {
    errors[403] = `Your role lacks ${op.permission}`;
    errors[404] = 'No such project (or you are not a member), or no such item in it';
  }
  if (op.rateLimit) {
    errors[429] = `Too many requests (\`rate_limited\`, ${rateLimitText(op.rateLimit)}); retry after \`Retry-After\` seconds`;
  }
  return errors;
}

function pathParamsOf(op: ApiOperation): z.ZodObject {
  if (op.params) return op.params;
  const names = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  return z.object(Object.fromEntries(names.map((n) => [n, z.uuid()])));
}

function response(spec: ResponseSpec, status: number, schemas: SchemaConverter): JsonSchema {
  const description = STATUS_TEXT[status] ?? String(status);
  if (spec === null || spec === undefined) return { description };
  if ('_zod' in spec) {
    return { description, content: { 'application/json': { schema: schemas.convert(spec, 'output') } } };
  }
  if (!spec.schema && !spec.contentType) return { description: spec.description };
  const schema = spec.schema ? schemas.convert(spec.schema, 'output') : { type: 'string' };
  return { description: spec.description, content: { [spec.contentType ?? 'application/json']: { schema } } };
}

function operationObject(op: ApiOperation, schemas: SchemaConverter): JsonSchema {
  const parameters = [
    ...propertiesOf(schemas.convert(pathParamsOf(op), 'input')).map((p) => ({
      name: p.name,
      in: 'path',
      required: true,
      schema: p.schema,
    })),
    ...(op.query ? propertiesOf(schemas.convert(op.query, 'input')) : []).map((p) => ({
      name: p.name,
      in: 'query',
      required: p.required,
      ...(typeof p.schema.description === 'string' ? { description: p.schema.description } : {}),
      schema: p.schema,
    })),
  ];
  const content: Record<string, { schema: JsonSchema }> = {};
  if (op.body) content['application/json'] = { schema: schemas.convert(op.body, 'input') };
  if (op.multipart) content['multipart/form-data'] = { schema: schemas.convert(op.multipart, 'input') };
  const errorRef = { $ref: '#/components/schemas/Error' };
  const errors = { ...defaultErrors(op), ...op.errors };
  return {
    operationId: op.operationId,
    summary: op.summary,
    tags: op.tags,
    'x-permission': op.permission,
    ...(op.permission === 'public' ? {} : { security: [{ bearer: [] }] }),
    ...(parameters.length ? { parameters } : {}),
    ...(Object.keys(content).length ? { requestBody: { required: true, content } } : {}),
    responses: {
      ...Object.fromEntries(
        Object.entries(op.responses).map(([status, spec]) => [
          status,
          response(spec ?? null, Number(status), schemas),
        ]),
      ),
      ...Object.fromEntries(
        Object.entries(errors).map(([status, description]) => [
          status,
          { description, content: { 'application/json': { schema: errorRef } } },
        ]),
      ),
    },
  };
}

export function buildOpenApiDocument(operations: readonly ApiOperation[]) {
  const schemas = new SchemaConverter();
  schemas.convert(apiErrorBody, 'output');
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const op of operations) {
    const path = (paths[op.path] ??= {});
    if (path[op.method]) throw new Error(`${op.method} ${op.path} is in the operation table twice`);
    path[op.method] = operationObject(op, schemas);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Voice Platform API',
      version: '1.0.0',
      description:
        'Errors are always `{"error":{"code","message","fields"}}` with a 4xx or 5xx status. `x-permission` names the permission an operation needs (`public`: none; `signed-in`: a person, not an API key).',
    },
    servers: [{ url: '/api/v1' }],
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'A JWT access token (people) or a project API key `vpk_…` (machines)',
        },
      },
      schemas: schemas.components,
    },
    paths,
  };
}
