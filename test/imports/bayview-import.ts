import { type ImportFact, type ImportFile, IMPORTABLE_COMMANDS, IMPORT_FORMAT } from '#imports';
import type { CommandMetadata } from '#kernel';
import { BAYVIEW_UNIT, bayviewSteps, stepMetadata } from '../../libs/legal/test/bayview-file.js';

/*
 * The synthetic Bayview history (libs/legal/test/bayview-file.ts, the Bayview scenario the legal
 * specs record) as an import file: examples/bayview-import.json is this, and a test holds them equal.
 * Each step's domain command becomes the route body its importable command takes; the unit is
 * registered first, and the mis-keyed date's correction names the fact it corrects by key. The file
 * goes on past the table, as DOMAIN.md's scenario does: impasse, mediation and factfinding (the report
 * made public 12 days after issue, a flag), the global TA, ratification, cost disclosure and approval.
 */

export const BAYVIEW_NEGOTIATION_ID = 'bayview_2025';
export const BAYVIEW_REQUEST_ID = 'rfi_2025_007';

/** The ids each step's data carries that an import fact gives in `ids`. */
const ID_FIELDS = ['negotiationId', 'proposalId', 'taId', 'sessionId', 'requestId', 'itemNumber', 'unitId'] as const;

export function bayviewImportFile(): ImportFile {
  const register: ImportFact = {
    key: 'unit',
    command: 'RegisterUnit',
    occurredAt: { at: '2022-07-01', precision: 'day' },
    ids: { unitId: BAYVIEW_UNIT.unitId },
    data: {
      name: BAYVIEW_UNIT.name,
      employer: BAYVIEW_UNIT.employer,
      employeeOrganization: BAYVIEW_UNIT.employeeOrganization,
      statute: BAYVIEW_UNIT.statute,
      currentAgreementTerm: BAYVIEW_UNIT.currentAgreementTerm,
    },
  };
  const labels = new Map<string, string>();
  const facts = bayviewSteps(BAYVIEW_NEGOTIATION_ID, BAYVIEW_REQUEST_ID).map((step, index): ImportFact => {
    const metadata: CommandMetadata = stepMetadata(step, index);
    // The correction's target is named by key: a placeholder stands where the recorded event id went.
    labels.set(step.label, step.label);
    const command = step.command(new Map([...labels].map(([label]) => [label, `fact:${label}`])), metadata);
    const data: Record<string, unknown> = { ...(command.data as Record<string, unknown>) };
    let name: string = command.type;
    if (name === 'InitialTentativeAgreement' && !('articles' in data)) name = 'CountersignTentativeAgreement';
    const entry = IMPORTABLE_COMMANDS.get(name);
    if (!entry) throw new Error(`no importable command ${name} for the Bayview step ${step.label}`);
    const wanted = new Set([...entry.requires, ...(entry.creates ? [entry.creates] : [])]);
    const ids: Record<string, string | number> = {};
    for (const field of ID_FIELDS) {
      if (!(field in data) || !wanted.has(field)) continue;
      ids[field] = data[field] as string | number;
      delete data[field];
    }
    let corrects: string | undefined;
    if (name === 'OpenNegotiation') {
      data['unitId'] = (data['unit'] as { unitId: string }).unitId;
      delete data['unit'];
    }
    if (name === 'RecordCorrection') {
      corrects = String(data['correctedEventId']).replace(/^fact:/, '');
      for (const field of ['correctedEventId', 'correctedEventType', 'correctedEventClassification']) delete data[field];
    }
    for (const [field, value] of Object.entries(data)) if (value === null) delete data[field];
    return { key: step.label, command: name, occurredAt: metadata.occurredAt, ids, data, ...(corrects !== undefined && { corrects }) };
  });
  const history = [...facts, ...laterFacts()];
  return {
    format: IMPORT_FORMAT,
    source: {
      document: 'Bayview USD labor relations binder, 2025 successor negotiation (synthetic)',
      transcribedBy: 'M. Chen, records office',
      note: 'The synthetic Bayview history of DOMAIN.md as the legal specs record it (libs/legal/test/bayview-file.ts).',
    },
    // In business-time order, as an import file lists facts (the scenario lists them as they were recorded).
    facts: [register, ...history.map((fact, index) => ({ fact, index })).sort((a, b) => (a.fact.occurredAt.at < b.fact.occurredAt.at ? -1 : a.fact.occurredAt.at > b.fact.occurredAt.at ? 1 : a.index - b.index)).map(({ fact }) => fact)],
  };
}

/** DOMAIN.md's Bayview facts after the table (the legal specs' scenario stops before them), written as import facts. */
function laterFacts(): ImportFact[] {
  const ids = { negotiationId: BAYVIEW_NEGOTIATION_ID };
  const fact = (key: string, command: string, at: string, data: Record<string, unknown>, more: Record<string, string> = {}): ImportFact => ({
    key,
    command,
    occurredAt: { at, precision: 'day' },
    ids: { ...ids, ...more },
    data,
  });
  const global = { taId: 'ta_global' };
  const articles = ['10', '15', '21', '24'].map((article) => ({ article, title: `Article ${article}`, text: `Agreed language of Article ${article}` }));
  const costs = [{ fiscalYear: '2025-26', amount: '3400000.00' }];
  return [
    fact('impasse', 'DeclareImpasse', '2025-06-18', { declaredBy: 'union', form: 'written' }),
    fact('perbDetermination', 'RecordPerbImpasseDetermination', '2025-06-30', { determination: 'impasse-exists', caseNumber: 'SF-IM-0001-E' }),
    fact('mediator', 'AppointMediator', '2025-07-02', { mediator: 'State mediator', appointedBy: 'PERB' }),
    fact('mediation', 'HoldMediationSession', '2025-08-12', { place: 'District office' }),
    fact('factfindingCertified', 'CertifyFactfinding', '2025-09-05', {}),
    fact('factfindingPanel', 'FormFactfindingPanel', '2025-09-20', { chair: 'Neutral chair', employerMember: 'District member', unionMember: 'BTA member' }),
    fact('factfindingHearing', 'HoldFactfindingHearing', '2025-10-14', {}),
    fact('factfindingReport', 'IssueFactfindingReport', '2025-11-03', { summary: 'Recommends 3% and a class-size cap of 28' }),
    fact('factfindingReportPublic', 'MakeFactfindingReportPublic', '2025-11-15', { how: 'Posted with the board agenda' }),
    fact('taGlobalDistrict', 'InitialTentativeAgreement', '2025-12-10', { side: 'employer', signatory: 'Dana Ruiz', articles }, global),
    fact('taGlobalUnion', 'CountersignTentativeAgreement', '2025-12-10', { side: 'union', signatory: 'Lee Park' }, global),
    fact('settlement', 'ReachSettlement', '2025-12-10', { taIds: ['ta_23', global.taId], term: { start: '2025-07-01', end: '2028-06-30' }, summary: 'Three-year successor agreement', costs }),
    fact('ratification', 'HoldRatificationVote', '2025-12-15', { yes: 812, no: 143 }),
    fact('costDisclosure', 'DiscloseSettlementCosts', '2026-01-07', {
      meeting: 'Regular board meeting 2026-01-07',
      summary: 'AB 1200 public disclosure',
      costs,
      certifiedBy: { superintendent: 'Superintendent', chiefBusinessOfficial: 'Chief Business Official' },
    }),
    fact('boardApproval', 'ApproveByGoverningBody', '2026-01-14', { governingBody: 'Bayview USD Board of Education', resolutionNumber: '25-26/22' }),
  ];
}
