import { type RecordedEvent, streamCategory } from '#event-store';
import type { DocumentProjection } from '#read-store';
import { NEGOTIATION_STREAM_CATEGORY, UNIT_STREAM_CATEGORY } from '#bargaining';
import { INFORMATION_REQUEST_EVENT_TYPES, INFORMATION_REQUEST_STREAM_CATEGORY } from '#information-requests';
import type { ComplianceFactsDoc, NegotiationComplianceFacts, RequestComplianceFacts, UnitComplianceFacts } from '../facts/facts.js';
import { GATHERED_NEGOTIATION_EVENT_TYPES, evolveNegotiationFacts, evolveRequestFacts, evolveUnitFacts } from '../facts/gather.js';

/*
 * One table of facts for the compliance rules, keyed by stream name: `negotiation-<id>` (the
 * negotiation's dated facts), `inforequest-<id>` (a request, found by its unit_id / negotiation_id
 * columns) and `unit-<id>` (the statute of requests linked to no negotiation). Flags are not stored:
 * rules run at query time, so a new rule set needs no migration. Bump the version only when the
 * gathered facts change.
 */

const GATHERED = new Map<string, ReadonlySet<string>>([
  [NEGOTIATION_STREAM_CATEGORY, new Set(GATHERED_NEGOTIATION_EVENT_TYPES)],
  [INFORMATION_REQUEST_STREAM_CATEGORY, new Set(INFORMATION_REQUEST_EVENT_TYPES)],
  [UNIT_STREAM_CATEGORY, new Set(['UnitRegistered'])],
]);

/** Pure: the document of the event's stream after the event. */
export function evolveComplianceFacts(doc: ComplianceFactsDoc | null, event: RecordedEvent): ComplianceFactsDoc | null {
  switch (streamCategory(event.stream)) {
    case NEGOTIATION_STREAM_CATEGORY:
      return evolveNegotiationFacts(doc as NegotiationComplianceFacts | null, event);
    case INFORMATION_REQUEST_STREAM_CATEGORY:
      return evolveRequestFacts(doc as RequestComplianceFacts | null, event);
    case UNIT_STREAM_CATEGORY:
      return evolveUnitFacts(doc as UnitComplianceFacts | null, event);
    default:
      return doc;
  }
}

export const COMPLIANCE_FACTS: DocumentProjection<ComplianceFactsDoc> = {
  name: 'compliance-facts',
  // 5: the classification column (who may see a negotiation or request), for paged reads.
  version: 5,
  categories: [NEGOTIATION_STREAM_CATEGORY, INFORMATION_REQUEST_STREAM_CATEGORY, UNIT_STREAM_CATEGORY],
  columns: {
    kind: { type: 'text', value: (doc) => doc.kind },
    unit_id: { type: 'text', value: (doc) => doc.unitId },
    negotiation_id: { type: 'text', value: (doc) => (doc.kind === 'unit' ? null : doc.negotiationId) },
    statute: { type: 'text', value: (doc) => (doc.kind === 'information-request' ? null : doc.statute) },
    classification: { type: 'text', index: false, value: (doc) => (doc.kind === 'unit' ? null : doc.classification) },
  },
  keys: (event) => (GATHERED.get(streamCategory(event.stream))?.has(event.type) ? [event.stream] : []),
  evolve: (doc, event) => evolveComplianceFacts(doc, event),
};

export const COMPLIANCE_PROJECTIONS: readonly DocumentProjection[] = [COMPLIANCE_FACTS as DocumentProjection];
