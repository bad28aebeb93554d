import { checkedInOpenApiDocument, firstDifference, openApiJson, servedOpenApiDocument } from './harness/openapi.js';

/*
 * openapi.json is the API's contract as checked in: the web app's types are generated from it and
 * `npm run lint:api` lints it. When the API changes what it serves at /docs-json, this fails until
 * the file is written again:
 *   npm run openapi
 */
describe('the checked-in OpenAPI document', () => {
  it('is the one the API serves', async () => {
    const served = openApiJson(await servedOpenApiDocument());
    const checkedIn = openApiJson(await checkedInOpenApiDocument());
    expect({ ...firstDifference(served, checkedIn), hint: 'npm run openapi' }).toEqual({ firstDifferentLine: null, expected: null, checkedIn: null, hint: 'npm run openapi' });
  });
});
