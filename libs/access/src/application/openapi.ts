import { CLASSIFICATIONS } from '#kernel';
import { SHARED_SCHEMAS, schema } from '#platform';

/* The classification register and the access log, as OpenAPI schemas (the views are interfaces). */
const { obj, str, int, bool, day, instant, oneOfValues, arrayOf, ref, nullable } = schema;

const ClassificationRegister = obj({
  negotiationId: str(),
  asOf: day({ description: 'The day "current" is computed for' }),
  totals: obj(Object.fromEntries(CLASSIFICATIONS.map((level) => [level, int()])), { description: 'Records shown, by current level' }),
  entries: arrayOf(
    obj({
      eventId: str(),
      stream: str(),
      revision: int(),
      type: str(),
      occurredAt: ref('BusinessTime'),
      recordedAt: instant(),
      recordedBy: ref('Actor'),
      recorded: ref('ClassificationMark'),
      current: ref('ClassificationMark'),
      history: arrayOf(
        obj({
          effectiveOn: day(),
          from: ref('ClassificationMark'),
          to: ref('ClassificationMark'),
          reason: str(),
          source: oneOfValues(['recorded', 'automatic']),
          rule: nullable(str()),
          eventId: nullable(str()),
          recordedAt: nullable(instant()),
          pending: bool(),
        }),
      ),
    }),
  ),
});

const AccessLogPage = obj({
  entries: arrayOf(
    obj({
      logEventId: str(),
      logStream: str(),
      at: instant(),
      subject: str(),
      role: str(),
      resource: str({ example: 'GET /negotiations/:negotiationId/proposals' }),
      eventId: nullable(str()),
      stream: nullable(str()),
      classification: str(),
      purpose: nullable(str()),
      outcome: str({ example: 'granted' }),
      reason: str(),
      entries: nullable(int({ description: 'For a summarised read, how many records it covered' })),
      correlationId: str(),
    }),
  ),
  nextCursor: nullable(str({ description: 'Pass as cursor for the next page; null at the end of the log' })),
  limit: int(),
  withheldForPurpose: int({ minimum: 0, description: 'Entries left out for want of X-Access-Purpose' }),
});

const ClassificationChange = obj({
  negotiationId: str(),
  changeEventId: str({ description: 'The ClassificationChanged event recorded' }),
  targetEventId: str(),
  targetStream: str(),
  targetType: str(),
  from: ref('ClassificationMark'),
  to: ref('ClassificationMark'),
  effectiveOn: day(),
  reason: str(),
  recordedAt: instant(),
  recordedBy: ref('Actor'),
  classification: ref('ClassificationMark'),
  currentClassification: ref('ClassificationMark'),
});

export const CLASSIFICATION_REGISTER_SCHEMAS = { ClassificationRegister, ...SHARED_SCHEMAS };
export const CLASSIFICATION_CHANGE_SCHEMAS = { ClassificationChange, ...SHARED_SCHEMAS };
export const ACCESS_LOG_PAGE_SCHEMAS = { AccessLogPage };
