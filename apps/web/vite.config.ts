import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * apps/web: built into dist/web, which the API serves at `/` (libs/platform/src/http/web-app.ts).
 * `npm run dev:web` serves it with hot reload and sends API calls to the API at API_URL
 * (default http://127.0.0.1:3000), so the page and the API share one origin as in production.
 */
const api = process.env['API_URL'] ?? 'http://127.0.0.1:3000';
const apiPaths = [
  '/auth', '/units', '/negotiations', '/negotiation-summaries', '/dashboard', '/information-requests', '/information-request-register',
  '/compliance/', '/access-log', '/projections', '/health', '/metrics', '/docs',
];

export default defineConfig({
  root: here('.'),
  plugins: [react()],
  resolve: {
    // The bundle verifier is shared with the CLI: one implementation (libs/bundle-verifier).
    alias: { '#bundle-verifier': here('../../libs/bundle-verifier/src/index.ts') },
  },
  build: {
    outDir: here('../../dist/web'),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 600,
    rolldownOptions: { checks: { pluginTimings: false } },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: false,
    proxy: Object.fromEntries(apiPaths.map((path) => [path, { target: api, changeOrigin: false, bypass: (req) => (req.headers.accept?.includes('text/html') && !path.startsWith('/docs') ? req.url : undefined) }])),
  },
});
