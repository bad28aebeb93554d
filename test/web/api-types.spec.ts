import { checkedInOpenApiDocument, checkedInWebApiTypes, firstDifference, webApiTypes } from '../harness/openapi.js';

/*
 * apps/web's HTTP client is typed from the checked-in OpenAPI document (openapi-typescript), which
 * test/openapi.int.spec.ts holds to what the API serves. When either changes, this fails until the
 * types are regenerated:
 *   npm run openapi
 */
describe('the web app’s generated API types', () => {
  it('are what openapi.json generates', async () => {
    const generated = await webApiTypes(await checkedInOpenApiDocument());
    expect({ ...firstDifference(generated, await checkedInWebApiTypes()), hint: 'npm run openapi' }).toEqual({ firstDifferentLine: null, expected: null, checkedIn: null, hint: 'npm run openapi' });
  });
});
