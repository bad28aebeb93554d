import { checkedInWebApiTypes, servedOpenApiDocument, webApiTypes } from '../harness/web-api-types.js';

/*
 * apps/web's HTTP client is typed from the OpenAPI document (openapi-typescript). When the API
 * changes what it serves, this fails until the checked-in types are regenerated:
 *   npm run web:api-types
 */
describe('the web app’s generated API types', () => {
  it('match the OpenAPI document the API serves', async () => {
    const served = await webApiTypes(await servedOpenApiDocument());
    const checkedIn = await checkedInWebApiTypes();
    // Compared whole; on a difference, the first differing line says where.
    const a = served.split('\n');
    const b = checkedIn.split('\n');
    const line = a.findIndex((text, i) => text !== b[i]);
    expect({ firstDifferentLine: line < 0 && a.length === b.length ? null : line + 1, served: a[line] ?? null, checkedIn: b[line] ?? null, hint: 'npm run web:api-types' }).toEqual({
      firstDifferentLine: null,
      served: null,
      checkedIn: null,
      hint: 'npm run web:api-types',
    });
  });
});
