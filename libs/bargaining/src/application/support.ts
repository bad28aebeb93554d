import { Inject } from '@nestjs/common';
import { CommandBus, type Command as NestCommand } from '@nestjs/cqrs';
import { v5 as uuidv5 } from 'uuid';
import { type BusinessTimeDto, type CommandContext } from '#platform';
import { type BusinessTime, type CommandMetadata, businessTimeOf } from '#kernel';
import type { AgreementTerm, CostLineInput, DocumentRef } from '../domain/common.js';
import { isBargainingId } from '../domain/ids.js';
import type { Attendees } from '../domain/negotiation/events.js';
import type { NegotiationHandled } from './commands.js';
import type { AgreedArticleDto, AgreementTermDto, AttendeesDto, CostLineDto, DocumentDto, RecordFactDto, TableProposalDto } from './dto/requests.dto.js';
import type { ProposedArticleInput } from '../domain/negotiation/commands.js';
import type { NegotiationFactRecordedView } from './dto/responses.dto.js';
import { demandNotFound, negotiationNotFound, proposalNotFound, tentativeAgreementNotFound, unitNotFound } from './errors.js';
import { negotiationFactRecordedView } from './views.js';

/** Ids of new things are made by the server from the command id: a replay racing its first attempt makes the same ids. */
const NEW_ID_NAMESPACE = '2d7f3c58-91a4-5e0b-8c6d-4b1a9e7f0c35';

export type NewThing = 'unit' | 'negotiation' | 'proposal' | 'session' | 'tentative-agreement' | 'work-stoppage' | 'demand-to-bargain';

export const newId = (ctx: CommandContext, thing: NewThing): string => uuidv5(`${thing}\n${ctx.commandId}`, NEW_ID_NAMESPACE);

export const businessTime = (time: BusinessTimeDto): BusinessTime => businessTimeOf(time);

/** Command metadata: the token's actor, the server's clock and ids, and the body's occurredAt. */
export const metadataOf = (ctx: CommandContext, body: RecordFactDto): CommandMetadata => ctx.metadata(businessTime(body.occurredAt));

// An id in a path that cannot name a record is an unknown record (404), not malformed input.
const known = (id: string, notFound: (id: string) => Error): string => {
  if (!isBargainingId(id)) throw notFound(id);
  return id;
};
export const knownUnit = (id: string) => known(id, unitNotFound);
export const knownNegotiation = (id: string) => known(id, negotiationNotFound);
export const knownDemand = (id: string) => known(id, demandNotFound);
export const knownProposal = (id: string) => known(id, proposalNotFound);
export const knownTentativeAgreement = (id: string) => known(id, tentativeAgreementNotFound);

// DTO instances become plain data before they reach a command (and the hashed JSON).
export const nullable = <T>(value: T | null | undefined): T | null => value ?? null;
export const documentRefs = (list: readonly DocumentDto[] | undefined): DocumentRef[] => (list ?? []).map(({ name, sha256 }) => ({ name, sha256 }));
export const costLines = (list: readonly CostLineDto[] | undefined): CostLineInput[] =>
  (list ?? []).map(({ fiscalYear, amount, description }) => ({ fiscalYear, amount, description: description ?? null }));
export const term = (value: AgreementTermDto): AgreementTerm => ({ start: value.start, end: value.end });
export const optionalTerm = (value: AgreementTermDto | null | undefined): AgreementTerm | null | undefined =>
  value === undefined ? undefined : value === null ? null : term(value);
export const attendees = (value: AttendeesDto): Attendees => ({ employer: [...value.employer], union: [...value.union] });
export const labels = (list: readonly string[] | undefined): string[] => [...(list ?? [])];


export const agreedArticles = (list: readonly AgreedArticleDto[]) => list.map(({ article, title, text }) => ({ article, title: nullable(title), text }));

/** What a proposal, counterproposal or package states: the side, its number, full article text, documents and (confidential) costing. */
export function tabling(body: TableProposalDto) {
  return {
    side: body.side,
    number: body.number,
    articles: body.articles.map(({ article, title, changeKind, text }): ProposedArticleInput => ({ article, title: nullable(title), changeKind, text })),
    documents: documentRefs(body.documents),
    costing: body.costing == null ? null : { summary: body.costing.summary, costs: costLines(body.costing.costs), documents: documentRefs(body.costing.documents) },
  };
}

/** Controllers dispatch through the CommandBus and answer what the write stored. */
export abstract class NegotiationFactController {
  constructor(@Inject(CommandBus) protected readonly commands: CommandBus) {}

  protected async record(
    negotiationId: string,
    command: NestCommand<NegotiationHandled>,
    created: Partial<Pick<NegotiationFactRecordedView, 'proposalId' | 'sessionId' | 'taId' | 'stoppageId'>> = {},
  ): Promise<NegotiationFactRecordedView> {
    const handled = await this.commands.execute(command);
    return negotiationFactRecordedView(negotiationId, handled, created);
  }
}
