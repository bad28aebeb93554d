import { type Command, type Decider, type Event, DomainError, fold } from '#kernel';

/**
 * Given / When / Then for deciders:
 *   spec(decider).given([opened]).when(command).then([expected]);
 *   spec(decider).given([opened]).when(command).thenThrows('PROPOSAL_NOT_FOUND');
 */
export function deciderSpec<C extends Command, E extends Event, S>(decider: Decider<C, E, S>) {
  return {
    given(history: readonly E[]) {
      const state = fold(decider.evolve, decider.initialState(), history);
      return {
        when(command: C) {
          const run = () => decider.decide(command, state);
          return {
            then(expected: readonly E[]) {
              expect(run()).toEqual(expected);
            },
            /** Asserts only on the produced events' types (for commands whose data is long). */
            thenTypes(types: readonly E['type'][]) {
              expect(run().map((e) => e.type)).toEqual(types);
            },
            thenNothing() {
              expect(run()).toEqual([]);
            },
            thenThrows(code: string) {
              let thrown: unknown;
              try {
                run();
              } catch (error) {
                thrown = error;
              }
              expect(thrown).toBeInstanceOf(DomainError);
              expect((thrown as DomainError).code).toBe(code);
            },
            events: run,
          };
        },
        state: () => state,
      };
    },
  };
}
