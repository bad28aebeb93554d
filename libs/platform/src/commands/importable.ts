import type { Command as NestCommand } from '@nestjs/cqrs';
import type { CommandMetadata } from '#kernel';

/*
 * A command a historic import may carry. Each bounded context lists its own (the same DTO class the
 * route validates, the same CommandBus message its controller sends, so the same handler and decider
 * decide it); the import use case (#imports) composes the lists and never builds a domain command
 * itself. An import fact names the command, the ids of the records it concerns, and the route's body.
 */

/** The ids an import fact may carry: the route's path parameters and the id of a record it creates. */
export type ImportIds = Readonly<Record<string, string>>;

export interface ImportableCommand<B extends object = object> {
  /** The name an import file gives (the domain command's type, or a clearer one where a route differs). */
  readonly command: string;
  /** The route whose body the fact's data is: documentation, and where the body's schema is published. */
  readonly route: string;
  /** The route's body DTO: the fact's data with its occurredAt, validated exactly as the route validates it. */
  readonly body: new () => B;
  /** Ids the fact must name (the route's path parameters, or a record it refers to). */
  readonly requires: readonly string[];
  /** Those of `requires` that are positive whole numbers (an item's number), not record ids. */
  readonly numbers?: readonly string[];
  /** The id of the record the fact creates, made by the server on the route: an import may name it (later facts refer to it); absent, it derives from the fact's command id. */
  readonly creates?: string;
  /** The streams the fact is recorded on (the first) or decided with (a unit it opens on): an import runs it after every earlier fact on them. */
  readonly streams: (ids: ImportIds, body: B) => readonly string[];
  /** The CommandBus message: what the route's controller sends for this body. */
  readonly message: (ids: ImportIds, body: B, metadata: CommandMetadata) => NestCommand<unknown>;
}

/** Declares one entry with its body type checked against its message builder. */
export const importable = <B extends object>(entry: ImportableCommand<B>): ImportableCommand => entry as unknown as ImportableCommand;
