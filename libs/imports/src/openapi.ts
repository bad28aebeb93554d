import { SHARED_SCHEMAS, type SchemaObject, schema } from '#platform';

/** The import file's schema (docs/import.md describes it in prose). */
export const IMPORT_FILE_SCHEMAS: Readonly<Record<string, SchemaObject>> = {
  ImportFile: schema.obj(
    {
      format: schema.str({ enum: ['lrr-import/1'], description: 'Optional; lrr-import/1' }),
      source: schema.ref('ImportSource'),
      facts: schema.arrayOf(schema.ref('ImportFact'), { minItems: 1, maxItems: 100_000, description: 'In business-time order' }),
    },
    { required: ['source', 'facts'] },
  ),
  ImportSource: schema.obj(
    {
      document: schema.str({ maxLength: 500, description: 'The source document; with a fact\'s key it identifies the fact', example: 'BTA bargaining binder 2025, vol. 1' }),
      transcribedBy: schema.str({ maxLength: 200, example: 'M. Chen, records office' }),
      note: schema.str({ maxLength: 2000 }),
    },
    { required: ['document', 'transcribedBy'] },
  ),
  ImportFact: schema.obj(
    {
      key: schema.str({ maxLength: 200, description: 'The fact\'s natural key in its source, unique in the file', example: 'p.14 U-1' }),
      command: schema.str({ description: 'An importable command (docs/import.md)', example: 'TableProposal' }),
      occurredAt: schema.ref('BusinessTime'),
      ids: schema.mapOf({ oneOf: [{ type: 'string' }, { type: 'integer' }] } as SchemaObject, { description: 'The records it concerns (the route\'s path parameters) and the id of the one it creates' }),
      data: schema.freeObject({ description: 'The body of the command\'s route, without occurredAt' }),
    },
    { required: ['key', 'command', 'occurredAt'] },
  ),
  BusinessTime: SHARED_SCHEMAS['BusinessTime']!,
};

const OUTCOMES = ['recorded', 'would-record', 'already-recorded', 'refused', 'invalid'] as const;

export const IMPORT_REPORT_SCHEMAS: Readonly<Record<string, SchemaObject>> = {
  ImportReport: schema.obj({
    dryRun: schema.bool(),
    source: schema.ref('ImportSource'),
    accepted: schema.bool({ description: 'False when a fact would be refused or is invalid: a real run then stores nothing' }),
    totals: schema.obj({
      facts: schema.int(),
      recorded: schema.int(),
      'would-record': schema.int(),
      'already-recorded': schema.int(),
      refused: schema.int(),
      invalid: schema.int(),
    }),
    facts: schema.arrayOf(schema.ref('ImportFactReport')),
    elapsedMs: schema.int(),
  }),
  ImportFactReport: schema.obj({
    index: schema.int({ description: '0-based position in the file' }),
    key: schema.str(),
    command: schema.str(),
    outcome: schema.oneOfValues(OUTCOMES),
    commandId: schema.str({ format: 'uuid' }),
    ids: schema.mapOf(schema.str()),
    eventIds: schema.arrayOf(schema.str({ format: 'uuid' })),
    problem: schema.nullable(schema.ref('ImportFactProblem')),
    warnings: schema.arrayOf(schema.obj({ code: schema.str(), message: schema.str() })),
  }),
  ImportFactProblem: schema.obj({
    code: schema.str({ example: 'PROPOSAL_NOT_FOUND' }),
    message: schema.str(),
    problems: schema.arrayOf(schema.obj({ property: schema.str({ example: 'data.articles.0.text' }), messages: schema.arrayOf(schema.str()) })),
  }),
};
