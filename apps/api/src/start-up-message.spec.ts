import { loadConfig } from '#config';
import { startUp, startUpMessage } from './start-up-message.js';

describe('the start-up message', () => {
  const projectRoot = '/srv/lrr';

  it('gives the token line without DATA_DIR when the data directory is the default one', () => {
    const config = loadConfig({ DATA_DIR: '/srv/lrr/data' });
    const facts = startUp({ config, store: 'pglite', docsPath: 'docs', projectRoot });
    expect(facts).toEqual({
      url: 'http://127.0.0.1:3000',
      docs: 'http://127.0.0.1:3000/docs',
      store: 'embedded PostgreSQL (PGlite) in /srv/lrr/data',
      dataDir: '/srv/lrr/data',
      tokenCommand: 'export TOKEN=$(npm run -s token -- --role admin --sub you@example.org)',
      example: 'curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:3000/negotiation-summaries',
    });
    expect(startUpMessage(facts).split('\n')).toEqual([
      'Labor relations record listening on http://127.0.0.1:3000',
      '  API docs   http://127.0.0.1:3000/docs',
      '  store      embedded PostgreSQL (PGlite) in /srv/lrr/data',
      '  data dir   /srv/lrr/data',
      '',
      'Mint a token (in another terminal, in this directory) and call the API:',
      '  export TOKEN=$(npm run -s token -- --role admin --sub you@example.org)',
      '  curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:3000/negotiation-summaries',
      '',
    ]);
  });

  it('names another data directory in the token line, quoted for the shell when it needs to be', () => {
    const config = loadConfig({ DATA_DIR: "/tmp/Bayview's record", PORT: '8080' });
    expect(startUp({ config, store: 'pglite', docsPath: 'docs', projectRoot }).tokenCommand).toBe(`export TOKEN=$(DATA_DIR='/tmp/Bayview'\\''s record' npm run -s token -- --role admin --sub you@example.org)`);
  });

  it('shows PostgreSQL without its password, and no token line when an identity provider issues tokens', () => {
    const config = loadConfig({ DATA_DIR: '/srv/lrr/data', DATABASE_URL: 'postgres://lrr:secret@db:5432/lrr', AUTH_ISSUER: 'https://idp.example/', AUTH_AUDIENCE: 'lrr', AUTH_JWKS_URL: 'https://idp.example/jwks.json' });
    const facts = startUp({ config, store: 'postgres', docsPath: 'docs', projectRoot });
    expect(facts.store).toBe('PostgreSQL postgres://lrr:***@db:5432/lrr');
    expect(facts.tokenCommand).toBeUndefined();
    expect(startUpMessage(facts, 'https://idp.example/')).toContain('Tokens come from https://idp.example/; for example:');
    expect(startUpMessage(facts)).not.toContain('secret');
  });
});
