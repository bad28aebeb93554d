import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { canRead } from '#auth';
import { ROLES, type Role } from '#kernel';
import { PROBLEM_MEDIA_TYPE, PROBLEM_SCHEMA, PROBLEM_SCHEMA_NAME } from './openapi/problem.js';
import { COMPONENT_SCHEMAS_EXTENSION, schemaRef, type SchemaObject } from './openapi/schemas.js';

export const DOCS_PATH = 'docs';
/** Where the OpenAPI document is served (JSON). */
export const OPENAPI_JSON_PATH = `${DOCS_PATH}-json`;

/** The header a privileged read states its purpose in; documented once, referred to by each operation that reads through the read policy. */
const PURPOSE_HEADER = 'X-Access-Purpose';
const PURPOSE_PARAMETER = 'AccessPurpose';

/** Each tag the operations use, in the order the docs show them, with what it groups. */
const TAGS: readonly (readonly [name: string, description: string])[] = [
  ['bargaining units', 'Bargaining units: registration and the terms of their agreements.'],
  ['demands to bargain', 'Demands to bargain a decision (school closures, layoffs, reorganisations) or its effects, the answer, and the negotiations opened on them.'],
  ['negotiations', 'Opening a negotiation, its folded state, its events, corrections and confidential notes.'],
  ['negotiations: at the table', 'Ground rules, sunshine (EERA Gov. Code 3547), sessions, proposals, counterproposals, packages and tentative agreements.'],
  ['negotiations: impasse', 'Impasse, mediation, factfinding and imposition.'],
  ['negotiations: work stoppages', 'Strike, sick-out and lockout notices, stoppages begun and ended, and return-to-work agreements.'],
  ['negotiations: settlement', 'Settlement, cost disclosure, ratification, approval, execution, side letters and MOUs.'],
  ['bargaining read models', 'Summaries, dashboards, the article board and each article’s chain of positions, from the projections.'],
  ['information requests', 'Requests for information from the other side: receipt, clarification, production, objection, deadlines, and the register.'],
  ['compliance', 'Statutory flags raised by the versioned rule sets.'],
  ['legal', 'The legal timeline across streams and the table as of a day.'],
  ['records', 'The audit-ready file and the public-records export, signed, as JSON or PDF.'],
  ['imports', 'Importing a history that predates the record: facts transcribed from paper and spreadsheets, with their provenance (docs/import.md).'],
  ['classification', 'Classification changes and the classification register.'],
  ['access log', 'Who read confidential and privileged records.'],
  ['sign-in', 'How the web app signs in: OpenID Connect, or a development sign-in on a loopback embedded run.'],
  ['operations', 'Projections, skips and metrics for operators.'],
  ['health', 'Liveness and readiness.'],
];

const GENERIC_PROBLEMS: Readonly<Record<number, string>> = {
  400: 'Malformed: an undecodable URL, or parameters or a body that do not validate (`errors` names each property)',
  401: 'No valid bearer token (WWW-Authenticate says why)',
  403: 'The token’s role is not among the roles this operation needs',
  404: 'Unknown, or above the caller’s clearance (code in `code`)',
  422: 'Refused by a rule of the record (code in `code`)',
};

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

type Operation = Record<string, unknown> & {
  operationId?: string;
  description?: string;
  summary?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: ({ name?: string; in?: string; $ref?: string } & Record<string, unknown>)[];
  requestBody?: unknown;
  responses: Record<string, { description: string; content?: Record<string, { schema?: unknown }> } & Record<string, unknown>>;
};

/** The OpenAPI document the API serves: what the controllers declare, completed by completeDocument. */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Labor relations record')
    .setDescription(
      'System of record for public-sector collective bargaining: every proposal, counterproposal, tentative agreement, ' +
        'information request and settlement as an immutable, hash-chained event. Errors are RFC 9457 application/problem+json.',
    )
    .setVersion('0.1.0')
    .setLicense('UNLICENSED: proprietary, no licence granted (package.json)', 'https://docs.npmjs.com/cli/configuring-npm/package-json#license')
    .addServer('.', 'This server: paths are relative to where the document is served')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .addSecurityRequirements('bearer');
  for (const [name, description] of TAGS) builder.addTag(name, description);
  const document = SwaggerModule.createDocument(app, builder.build(), {
    // The handler's name is the operation's: a verb a generated client calls (tableProposal).
    operationIdFactory: (_controller, method) => method,
  });
  return completeDocument(document);
}

/**
 * What every operation says the same way, derived rather than written per route: the roles it
 * needs (from @Roles(), the guard's metadata, and the read policy for privileged content), the
 * problem answers with the one Problem schema, the purpose header as one shared parameter, and
 * the schemas routes registered with ApiOkSchema. A duplicate operation id or a tag without a
 * description is left for `npm run lint:api` to refuse (operation-operationId-unique,
 * operation-tag-defined), so a test's own controllers still start.
 */
export function completeDocument(document: OpenAPIObject): OpenAPIObject {
  const components = (document.components ??= {});
  const schemas = (components.schemas ??= {}) as Record<string, SchemaObject>;
  schemas[PROBLEM_SCHEMA_NAME] = PROBLEM_SCHEMA;
  const parameters = (components.parameters ??= {}) as Record<string, unknown>;
  parameters[PURPOSE_PARAMETER] = {
    name: PURPOSE_HEADER,
    in: 'header',
    required: false,
    description:
      `Why the caller reads, recorded in the access log with each confidential or privileged record read. Privileged records are shown only with it ` +
      `and only to ${ROLES.filter((role) => canRead(role, 'privileged')).join(' and ')}; lists count what they left out for want of it in \`withheldForPurpose\`.`,
    schema: { type: 'string', maxLength: 500 },
  };

  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = (item as Record<string, Operation | undefined>)[method];
      if (!operation) continue;
      const where = `${method.toUpperCase()} ${path}`;
      hoistSchemas(operation, schemas, where);
      shareThePurposeHeader(operation);
      const open = operation.security?.length === 1 && Object.keys(operation.security[0]!).length === 0;
      describeRoles(operation, open);
      documentProblems(operation, open, method);
    }
  }
  return document;
}

/** Moves the schemas a route registered (ApiOkSchema) into components, refusing two different schemas under one name. */
function hoistSchemas(operation: Operation, schemas: Record<string, SchemaObject>, where: string): void {
  for (const key of Object.keys(operation)) {
    if (!key.startsWith(COMPONENT_SCHEMAS_EXTENSION)) continue;
    for (const [name, schema] of Object.entries(operation[key] as Record<string, SchemaObject>)) {
      if (schemas[name] && JSON.stringify(schemas[name]) !== JSON.stringify(schema)) throw new Error(`OpenAPI: ${where} registers a schema ${name} that differs from one already registered`);
      schemas[name] = schema;
    }
    delete operation[key];
  }
}

function shareThePurposeHeader(operation: Operation): void {
  if (!operation.parameters?.some((p) => p.in === 'header' && p.name?.toLowerCase() === PURPOSE_HEADER.toLowerCase())) return;
  operation.parameters = [
    ...operation.parameters.filter((p) => !(p.in === 'header' && p.name?.toLowerCase() === PURPOSE_HEADER.toLowerCase())),
    { $ref: `#/components/parameters/${PURPOSE_PARAMETER}` },
  ];
}

function describeRoles(operation: Operation, open: boolean): void {
  let text: string;
  if (open) {
    text = '**Roles:** none: open without a token.';
  } else {
    const declared = operation['x-required-roles'] as Role[] | undefined;
    const roles = declared ?? [...ROLES];
    operation['x-required-roles'] = roles;
    text = `**Roles:** ${declared ? roles.join(', ') : `any (${roles.join(', ')})`}.`;
    const readsPrivileged = operation.parameters?.some((p) => p.$ref === `#/components/parameters/${PURPOSE_PARAMETER}`);
    if (readsPrivileged) {
      const privileged = roles.filter((role) => canRead(role, 'privileged'));
      text += privileged.length > 0 ? ` Privileged records: ${privileged.join(', ')}, with ${PURPOSE_HEADER}.` : ' Privileged records: none of these roles.';
    }
  }
  operation.description = operation.description ? `${operation.description}\n\n${text}` : text;
}

/** Every problem answer carries the Problem schema; every operation lists the problems it can answer. */
function documentProblems(operation: Operation, open: boolean, method: string): void {
  const responses = operation.responses;
  // Any URL can be malformed (a percent-encoding that does not decode), so every operation can answer 400.
  const wanted = [400, ...(open ? [] : [401, 403, 404, 422])];
  for (const status of wanted) {
    const key = String(status);
    const description = status === 422 && method === 'get' ? 'Refused (code in `code`): for example privileged content asked for without X-Access-Purpose' : GENERIC_PROBLEMS[status]!;
    responses[key] ??= { description };
  }
  for (const [status, response] of Object.entries(responses)) {
    if (Number(status) < 400) continue;
    response.content = { [PROBLEM_MEDIA_TYPE]: { schema: schemaRef(PROBLEM_SCHEMA_NAME) } };
  }
}

/** OpenAPI UI at /docs and the document at /docs-json, both open. Every operation needs a bearer token unless it says otherwise. */
export function mountDocs(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, openApiDocument(app), { jsonDocumentUrl: OPENAPI_JSON_PATH });
}
