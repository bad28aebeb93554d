import { Inject } from '@nestjs/common';
import { Command as NestCommand } from '@nestjs/cqrs';
import type { Command, CommandMetadata, Decider, Event } from '#kernel';
import { type EventStore, type Handled, handleCommand } from '#event-store';
import { EVENT_STORE } from '../tokens.js';

/*
 * Every bounded context's CommandBus messages and thin handlers come from here. A message class
 * implements its plain domain command type, so a handler hands it to the decider as it is; a handler
 * binds a stream and a decider to the shared read-fold-decide-append (`handleCommand`, which
 * re-decides on a revision conflict; a conflict that outlasts its retries is a 409).
 */

/** The CommandBus message class of one command type of the union `C`, answering `R` (`Handled<State>`). */
export function commandMessages<C extends Command, R>() {
  return <T extends C['type']>(type: T) =>
    class extends NestCommand<R> {
      readonly type: T = type;
      constructor(
        readonly data: Extract<C, { type: T }>['data'],
        readonly metadata: CommandMetadata,
      ) {
        super();
      }
    };
}

/**
 * The base of a handler that records a command on its stream with its decider: subclasses only bind
 * a command class (`@CommandHandler(X) class XHandler extends Recorder<X> {}`).
 */
export function recordingHandler<C extends Command, E extends Event, S>(streamOf: (command: C) => string, decider: Decider<C, E, S>) {
  abstract class RecordingHandler<M extends C> {
    constructor(@Inject(EVENT_STORE) protected readonly store: EventStore) {}

    execute(command: M): Promise<Handled<S>> {
      return handleCommand(this.store, streamOf(command), decider, command);
    }
  }
  return RecordingHandler;
}
