import { currentNavItem } from '../../apps/web/src/components/current-nav.js';

/* The primary navigation marks one item current: the one whose path is the page's, or the longest containing it. */
const ITEMS = ['/', '/negotiation-list', '/information-request-list', '/compliance', '/records', '/records/access-log', '/admin/projections'];

describe('the current navigation item', () => {
  it('is the longest path containing the page: the access log, not the records, on /records/access-log', () => {
    expect(currentNavItem(ITEMS, '/records/access-log')).toBe('/records/access-log');
  });

  it('is the records for their other pages', () => {
    expect(currentNavItem(ITEMS, '/records')).toBe('/records');
    expect(currentNavItem(ITEMS, '/records/verify')).toBe('/records');
  });

  it('is the dashboard only on /', () => {
    expect(currentNavItem(ITEMS, '/')).toBe('/');
    expect(currentNavItem(ITEMS, '/negotiation/x/articles')).toBeUndefined();
  });

  it('does not take a path for a prefix of a longer word', () => {
    expect(currentNavItem(ITEMS, '/compliance-rules')).toBeUndefined();
    expect(currentNavItem(ITEMS, '/compliance/x')).toBe('/compliance');
  });

  it('does not depend on the order of the items', () => {
    expect(currentNavItem([...ITEMS].reverse(), '/records/access-log')).toBe('/records/access-log');
  });
});
