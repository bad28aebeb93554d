/**
 * `describe`, or, when `reason` is set, a skipped `describe` whose title carries the reason, so the
 * skipped-tests reporter's list says why each of its tests did not run.
 */
export function describeUnless(reason: string | null | undefined): (title: string, fn: () => void) => void {
  return reason ? (title, fn) => describe.skip(`${title} [${reason}]`, fn) : describe;
}
