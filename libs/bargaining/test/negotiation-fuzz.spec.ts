import fc from 'fast-check';
import { DomainError } from '#kernel';
import { NEGOTIATION_COMMAND_TYPES, type NegotiationCommand, negotiationDecider } from '#bargaining';
import { NEGOTIATION_ID, initialCmd, metadata, openCmd, record, tableCmd } from './fixtures.js';


const keys = ['unit', 'kind', 'articles', 'articlesInScope', 'side', 'taRule', 'boardMeeting', 'sessionId', 'number', 'place', 'attendees', 'proposalId',
  'respondsTo', 'costing', 'documents', 'taId', 'signatory', 'conditional', 'yes', 'no', 'taIds', 'term', 'summary', 'signatories', 'certifiedBy',
  'outcome', 'precedential', 'expiresOn', 'correctedFields', 'correctedEventType', 'correctedEventId', 'reason', 'scheduledFor', 'cancelledBy', 'form',
  'declaredBy', 'withdrawnBy', 'determination', 'mediator', 'chair', 'governingBody', 'resolutionNumber', 'title', 'text', 'body', 'how', 'costs',
  'correctedEventClassification'];

const junk = fc.oneof(fc.anything({ maxDepth: 2 }), fc.constant(null), fc.constant(undefined), fc.array(fc.anything({ maxDepth: 1 }), { maxLength: 3 }));
const data = fc.dictionary(fc.constantFrom(...keys), junk, { maxKeys: 10 });

describe('decide on malformed input', () => {
  // Commands also come from imports and the CLI: malformed data is refused with a DomainError, never a crash.
  const opened = record([openCmd(), tableCmd('p1', 'union', ['10']), initialCmd('t1', 'employer')]).state;
  it('refuses with a DomainError or records, for any command type and data', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NEGOTIATION_COMMAND_TYPES), data, fc.boolean(), (type, d, fresh) => {
        const command = { type, data: { ...d, negotiationId: NEGOTIATION_ID }, metadata: metadata('2025-05-01') } as unknown as NegotiationCommand;
        try {
          negotiationDecider.decide(command, fresh ? negotiationDecider.initialState() : opened);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
        }
      }),
      { numRuns: 3000 },
    );
  });
});
