import { BadRequestException, InternalServerErrorException, ServiceUnavailableException } from '@nestjs/common';
import { DuplicateEventId, StoreUnavailable, StoredChainBroken, StreamNotFound, WrongExpectedRevision } from '#event-store';
import { DomainError, notFound, ruleBroken } from '#kernel';
import { correlationIdFor } from './correlation.js';
import { toProblem } from './problem-details.filter.js';
import { RequestValidationFailed } from './request-validation-failed.js';

describe('toProblem', () => {
  it('maps domain errors by kind, with their code', () => {
    expect(toProblem(ruleBroken('TA_ALREADY_SIGNED', 'already signed'))).toMatchObject({ status: 422, code: 'TA_ALREADY_SIGNED', detail: 'already signed' });
    expect(toProblem(notFound('PROPOSAL_NOT_FOUND', 'no such proposal'))).toMatchObject({ status: 404, title: 'Not Found', code: 'PROPOSAL_NOT_FOUND' });
    expect(toProblem(new DomainError('ALREADY_CONCLUDED', 'concluded', 'conflict'))).toMatchObject({ status: 409, code: 'ALREADY_CONCLUDED' });
    expect(toProblem(ruleBroken('LATE', 'late', { days: 9 }))).toMatchObject({ details: { days: 9 } });
    expect(toProblem(ruleBroken('LATE', 'late'))).not.toHaveProperty('details');
  });

  it('maps the event store errors without naming streams', () => {
    expect(toProblem(new WrongExpectedRevision('negotiation-1', 2, 3))).toMatchObject({ status: 409, code: 'WRONG_EXPECTED_REVISION' });
    expect(toProblem(new DuplicateEventId('negotiation-1', 'e'))).toMatchObject({ status: 409, code: 'DUPLICATE_EVENT_ID' });
    const missing = toProblem(new StreamNotFound('negotiation-secret'));
    expect(missing).toMatchObject({ status: 404, code: 'STREAM_NOT_FOUND' });
    expect(JSON.stringify(missing)).not.toContain('secret');
  });

  it('answers a lost database with 503 and when to retry, without quoting the driver', () => {
    const problem = toProblem(new StoreUnavailable('database', { cause: new Error('connect ECONNREFUSED 10.0.0.3:5432') }));
    expect(problem).toMatchObject({ status: 503, code: 'STORE_UNAVAILABLE', retryAfter: 2, type: 'urn:labor-relations-record:problem:store-unavailable' });
    expect(JSON.stringify(problem)).not.toContain('10.0.0.3');
  });

  it('names the stream and revision where a stored chain is broken', () => {
    expect(toProblem(new StoredChainBroken('negotiation-7', 3, 'content does not hash to its stored hash'))).toMatchObject({
      status: 500,
      code: 'CHAIN_BROKEN',
      type: 'urn:labor-relations-record:problem:chain-broken',
      stream: 'negotiation-7',
      revision: 3,
      detail: expect.stringContaining('negotiation-7 does not hold together at revision 3'),
    });
  });

  it('carries validation problems by property path', () => {
    const problem = toProblem(new RequestValidationFailed([{ property: 'items.0.title', messages: ['title must be a string'] }]));
    expect(problem).toMatchObject({ status: 400, errors: [{ property: 'items.0.title', messages: ['title must be a string'] }] });
  });

  it('keeps an HTTP exception status and message, but not a bare 500', () => {
    expect(toProblem(new BadRequestException('no'))).toMatchObject({ type: 'about:blank', status: 400, title: 'Bad Request', detail: 'no' });
    expect(toProblem(new ServiceUnavailableException('store down'))).toMatchObject({ status: 503, detail: 'store down' });
    expect(toProblem(new InternalServerErrorException('pool exhausted at 10.0.0.3'))).toBeNull();
    expect(toProblem(new Error('anything'))).toBeNull();
    expect(toProblem('a string')).toBeNull();
  });
});

describe('correlationIdFor', () => {
  it('keeps a safe id and replaces anything else with a UUID', () => {
    expect(correlationIdFor('abc-123_x.y')).toBe('abc-123_x.y');
    for (const unsafe of [undefined, '', 'a b', 'a'.repeat(101), ['a', 'b'], 'x\ny']) {
      expect(correlationIdFor(unsafe)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
  });
});
