import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The production image's file set compiles on its own: .ci/check-image-build.mjs copies exactly
 * what the Dockerfile's build stage copies (as .dockerignore leaves the context) into a temporary
 * directory and runs the stage's compile there. The image copied test/bench but not test/harness,
 * which bench imports, and `docker compose up --build` failed at its first step; this catches that
 * class of break without Docker.
 */
it('the image build compiles from exactly what the Dockerfile copies', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const output = execFileSync(process.execPath, [join(root, '.ci', 'check-image-build.mjs')], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  expect(output).toMatch(/image build set compiles; entry points present: dist\/apps\/api\/src\/main\.js/);
}, 600_000);
