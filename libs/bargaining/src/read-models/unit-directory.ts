import type { RecordedEvent } from '#event-store';
import type { DocumentProjection } from '#read-store';
import { type AgreementTerm, type Statute, withTerm } from '../domain/common.js';
import { UNIT_STREAM_CATEGORY } from '../domain/ids.js';
import { asUnitEvent } from '../domain/unit.js';
import { type Recording, recordingOf, unitIdOf } from './recording.js';

/* unit-directory: the registered bargaining units, one document per unit, for names on dashboards. */

export interface UnitDirectoryDoc {
  readonly unitId: string;
  readonly revision: number;
  readonly name: string;
  readonly employer: string;
  readonly employeeOrganization: string;
  readonly statute: Statute;
  /** The latest-starting agreement known: one recorded for the unit or executed in one of its negotiations. */
  readonly currentAgreementTerm: AgreementTerm | null;
  /** Every agreement term known, by start day. */
  readonly agreementTerms: readonly AgreementTerm[];
  readonly description: string | null;
  /** The registration's record: its classification decides who sees the unit. */
  readonly registered: Recording;
}

/** Pure: replaying an applied revision changes nothing; facts before the registration are ignored. */
export function evolveUnitDirectory(doc: UnitDirectoryDoc | null, event: RecordedEvent): UnitDirectoryDoc | null {
  if (doc !== null && event.revision <= doc.revision) return doc;
  const unitId = unitIdOf(event);
  if (unitId === null) return doc;
  const e = asUnitEvent(event);
  if (e === null) return doc === null ? null : { ...doc, revision: event.revision };
  switch (e.type) {
    case 'UnitRegistered': {
      if (doc !== null) return { ...doc, revision: event.revision };
      const d = e.data;
      return {
        unitId,
        revision: event.revision,
        name: d.name,
        employer: d.employer,
        employeeOrganization: d.employeeOrganization,
        statute: d.statute,
        currentAgreementTerm: d.currentAgreementTerm,
        agreementTerms: d.currentAgreementTerm === null ? [] : [d.currentAgreementTerm],
        description: d.description,
        registered: recordingOf(event),
      };
    }
    case 'UnitAgreementTermRecorded': {
      if (doc === null) return null;
      const agreementTerms = withTerm(doc.agreementTerms, e.data.term);
      return { ...doc, revision: event.revision, agreementTerms, currentAgreementTerm: agreementTerms.at(-1) ?? null };
    }
  }
}

export const unitDirectoryProjection: DocumentProjection<UnitDirectoryDoc> = {
  name: 'unit-directory',
  // v2: every known agreement term, the latest-starting one current.
  version: 2,
  categories: [UNIT_STREAM_CATEGORY],
  columns: {
    name: { type: 'text', value: (doc) => doc.name },
    statute: { type: 'text', value: (doc) => doc.statute },
  },
  keys: (event) => {
    const id = unitIdOf(event);
    return id === null ? [] : [id];
  },
  evolve: (doc, event) => evolveUnitDirectory(doc, event),
};
