/**
 * The navigation item for the page at `pathname`: the item whose path is the page's or the
 * longest that contains it (`/records/access-log` is the access log's, not the records'); the
 * dashboard (`/`) only for itself. At most one item is current.
 */
export function currentNavItem(paths: readonly string[], pathname: string): string | undefined {
  const contains = (to: string) => (to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`));
  return paths.filter(contains).reduce<string | undefined>((longest, to) => (longest === undefined || to.length > longest.length ? to : longest), undefined);
}
