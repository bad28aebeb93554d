import { type ClassificationMark, type Command, type Decider, type Event, assertNever, assertOccurredNotInFuture, withEntry } from '#kernel';
import {
  type AgreementTerm,
  STATUTES,
  type Statute,
  agreementTerm,
  assertOneOf,
  optionalAgreementTerm,
  optionalText,
  own,
  requiredText,
  withTerm,
} from './common.js';
import { BargainingErrorCode as E, refuse, unknown } from './errors.js';
import { type UnitId, assertBargainingId } from './ids.js';

// ---- events ----

export type UnitRegistered = Event<'UnitRegistered', {
  unitId: UnitId;
  name: string;
  employer: string;
  employeeOrganization: string;
  statute: Statute;
  currentAgreementTerm: AgreementTerm | null;
  description: string | null;
}>;

/** A new agreement's term (a successor or an extension) now governs the unit. */
export type UnitAgreementTermRecorded = Event<'UnitAgreementTermRecorded', {
  unitId: UnitId;
  term: AgreementTerm;
  /** The negotiation that produced it, when there was one. */
  negotiationId: string | null;
}>;

export type UnitEvent = UnitRegistered | UnitAgreementTermRecorded;

const UNIT_EVENT_TYPES: readonly UnitEvent['type'][] = ['UnitRegistered', 'UnitAgreementTermRecorded'];

/** The unit event a recorded one is, when its type is one; read models read its fields through it, typed. */
export function asUnitEvent(recorded: { readonly type: string; readonly data: Readonly<Record<string, unknown>> }): UnitEvent | null {
  return (UNIT_EVENT_TYPES as readonly string[]).includes(recorded.type) ? ({ type: recorded.type, data: recorded.data } as unknown as UnitEvent) : null;
}

// ---- commands ----

export type RegisterUnit = Command<'RegisterUnit', {
  unitId: UnitId;
  name: string;
  employer: string;
  employeeOrganization: string;
  statute: Statute;
  currentAgreementTerm?: AgreementTerm | null;
  description?: string | null;
}>;

export type RecordUnitAgreementTerm = Command<'RecordUnitAgreementTerm', {
  unitId: UnitId;
  term: AgreementTerm;
  negotiationId?: string | null;
}>;

export type UnitCommand = RegisterUnit | RecordUnitAgreementTerm;

// ---- state ----

export type UnitState =
  | { readonly status: 'unregistered' }
  | {
      readonly status: 'registered';
      readonly unitId: UnitId;
      readonly name: string;
      readonly employer: string;
      readonly employeeOrganization: string;
      readonly statute: Statute;
      /** The latest-starting agreement known. */
      readonly currentAgreementTerm: AgreementTerm | null;
      /** Every agreement term known for the unit, by start day. */
      readonly agreementTerms: readonly AgreementTerm[];
      /** Which negotiation produced which recorded term (a retried execution records nothing new). */
      readonly termsByNegotiation: Readonly<Record<string, AgreementTerm>>;
      readonly description: string | null;
    };

/** What a negotiation copies from its unit when it opens (the application layer resolves it). */
export interface UnitSnapshot {
  readonly unitId: UnitId;
  readonly name: string;
  readonly employer: string;
  readonly employeeOrganization: string;
  readonly statute: Statute;
  readonly currentAgreementTerm: AgreementTerm | null;
  /** Every agreement term known, by start day: a negotiation takes the one in force on its opening day. Absent: the current one alone. */
  readonly agreementTerms?: readonly AgreementTerm[];
}

/** The unit as a negotiation needs it; an unregistered unit is a 404. */
export function unitSnapshot(state: UnitState, unitId?: UnitId): UnitSnapshot {
  if (state.status === 'unregistered') {
    throw unknown(E.UNIT_NOT_REGISTERED, unitId ? `unit ${unitId} is not registered` : 'unit is not registered', { unitId });
  }
  const { name, employer, employeeOrganization, statute, currentAgreementTerm, agreementTerms } = state;
  return { unitId: state.unitId, name, employer, employeeOrganization, statute, currentAgreementTerm, agreementTerms };
}

// ---- decide / evolve ----

function decideUnit(command: UnitCommand, state: UnitState): UnitEvent[] {
  assertOccurredNotInFuture(command.metadata);
  assertBargainingId(command.data.unitId, 'unit id');
  if (state.status === 'registered' && command.data.unitId !== state.unitId) {
    throw refuse(E.UNIT_ID_MISMATCH, `command names unit ${command.data.unitId}, stream holds unit ${state.unitId}`);
  }
  switch (command.type) {
    case 'RegisterUnit': {
      if (state.status === 'registered') throw refuse(E.UNIT_ALREADY_REGISTERED, `unit ${state.unitId} is already registered`);
      const data = command.data;
      assertOneOf(data.statute, STATUTES, 'statute');
      return [{
        type: 'UnitRegistered',
        data: {
          unitId: data.unitId,
          name: requiredText(data.name, 'name'),
          employer: requiredText(data.employer, 'employer'),
          employeeOrganization: requiredText(data.employeeOrganization, 'employeeOrganization'),
          statute: data.statute,
          currentAgreementTerm: optionalAgreementTerm(data.currentAgreementTerm, 'currentAgreementTerm'),
          description: optionalText(data.description),
        },
      }];
    }
    case 'RecordUnitAgreementTerm': {
      if (state.status === 'unregistered') throw unknown(E.UNIT_NOT_REGISTERED, `unit ${command.data.unitId} is not registered`);
      const negotiationId = command.data.negotiationId ?? null;
      if (negotiationId !== null) assertBargainingId(negotiationId, 'negotiation id');
      const term = agreementTerm(command.data.term, 'term');
      const recorded = negotiationId === null ? undefined : own(state.termsByNegotiation, negotiationId);
      if (recorded !== undefined && recorded.start === term.start && recorded.end === term.end) return [];
      return [{ type: 'UnitAgreementTermRecorded', data: { unitId: state.unitId, term, negotiationId } }];
    }
    default:
      return assertNever(command);
  }
}

function evolveUnit(state: UnitState, event: UnitEvent): UnitState {
  switch (event.type) {
    case 'UnitRegistered': {
      if (state.status === 'registered') return state;
      const term = event.data.currentAgreementTerm;
      return { status: 'registered', ...event.data, agreementTerms: term === null ? [] : [term], termsByNegotiation: {} };
    }
    case 'UnitAgreementTermRecorded': {
      if (state.status !== 'registered') return state;
      const { term, negotiationId } = event.data;
      const agreementTerms = withTerm(state.agreementTerms, term);
      return {
        ...state,
        agreementTerms,
        currentAgreementTerm: agreementTerms.at(-1) ?? null,
        termsByNegotiation: negotiationId === null ? state.termsByNegotiation : withEntry(state.termsByNegotiation, negotiationId, term),
      };
    }
    default:
      return ignoreUnknown(event, state);
  }
}

/** Compile-time exhaustiveness; at run time an unknown (newer) event type leaves the state as it is. */
function ignoreUnknown<S>(_event: never, state: S): S {
  return state;
}

const unitClassification: ClassificationMark = { level: 'internal', basis: 'bargaining unit register' };

export const unitDecider: Decider<UnitCommand, UnitEvent, UnitState> = {
  decide: decideUnit,
  evolve: evolveUnit,
  initialState: () => ({ status: 'unregistered' }),
  classify: () => unitClassification,
};
