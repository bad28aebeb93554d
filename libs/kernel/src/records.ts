/*
 * Records keyed by ids (a negotiation's proposals, sessions, TAs) in folded states, and how a fold
 * writes them. States are immutable: evolve returns a new state and never changes the one it was
 * given. Copying a record on every write makes a fold quadratic in the record's size, though (a
 * negotiation of 20,000 events holds some 12,000 proposals, and each tabling copied all of them).
 * Inside a fold no one but the fold can reach a record the fold itself made, so there a write
 * changes such a record in place; a record made before the fold began (a cached state's, the
 * initial state's) is copied on its first write, and the copy is the fold's own from then on.
 */

/** The records made by the fold under way, which nothing outside it can reach; null outside a fold. */
let madeByThisFold: WeakSet<object> | null = null;

/**
 * Runs `work` (a fold) with writes to the records it makes done in place. Folds nest: a fold inside
 * another owns only what it makes itself. Synchronous, so no other work interleaves.
 */
export function transiently<T>(work: () => T): T {
  const outer = madeByThisFold;
  madeByThisFold = new WeakSet();
  try {
    return work();
  } finally {
    madeByThisFold = outer;
  }
}

/**
 * A record or list about to be held by more than one state (a part several clearance views share): later
 * writes copy it, so a write for one state never shows in another.
 */
export function shareRecord<T>(record: T): T {
  if (madeByThisFold !== null && typeof record === 'object' && record !== null) madeByThisFold.delete(record);
  return record;
}

/**
 * A state about to be held by more than one holder, and evolved by one of them: every record and list
 * it holds directly is shared (shareRecord), so the evolve copies what it writes. Folded states keep
 * their records and lists at the top level.
 */
export function shareParts<T extends object>(state: T): T {
  if (madeByThisFold === null) return state;
  shareRecord(state);
  for (const value of Object.values(state)) shareRecord(value);
  return state;
}

/**
 * The record with one key set; never touches the prototype chain. Outside a fold, or for a record
 * the fold did not make, a copy: the copy has no prototype, which V8 keeps as a hash table (records
 * are keyed by ids unique to one negotiation, and as fast-mode objects every new key grew V8's
 * shared tree of object shapes, which made each copy slower the more negotiations a process had
 * seen). Assigning "__proto__" on an object without a prototype defines an own property.
 */
export function withEntry<V>(record: Readonly<Record<string, V>>, key: string, value: V): Record<string, V> {
  if (madeByThisFold !== null && madeByThisFold.has(record)) {
    (record as Record<string, V>)[key] = value;
    return record as Record<string, V>;
  }
  const copy = Object.create(null) as Record<string, V>;
  // A loop over the keys copies into the hash table about twice as fast as Object.assign does.
  const keys = Object.keys(record);
  for (let i = 0; i < keys.length; i++) copy[keys[i]!] = record[keys[i]!]!;
  copy[key] = value;
  madeByThisFold?.add(copy);
  return copy;
}

/** The list with items appended: in place for a list the fold under way made, else a copy (see withEntry). */
export function withItems<T>(list: readonly T[], items: readonly T[]): T[] {
  if (madeByThisFold !== null && madeByThisFold.has(list)) {
    for (let i = 0; i < items.length; i++) (list as T[]).push(items[i]!);
    return list as T[];
  }
  const copy = list.concat(items);
  madeByThisFold?.add(copy);
  return copy;
}

/** The list with one item appended (withItems). */
export function withItem<T>(list: readonly T[], item: T): T[] {
  return withItems(list, [item]);
}
