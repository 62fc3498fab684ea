import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The web console: built by `npm run build:web` (from the project root) into web/dist, which the API server
 * serves under /console/. `npx vite --config web/vite.config.ts` runs a dev server that proxies the API to
 * http://localhost:4000 (or SOILSHARE_API).
 */
export default defineConfig({
  root: here,
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: path.join(here, 'dist'),
    emptyOutDir: true,
    // Monaco (GraphiQL's editor) is one ~2.8 MB chunk, loaded only by the GraphiQL page.
    chunkSizeWarningLimit: 3000,
    reportCompressedSize: true,
    rollupOptions: {
      // @graphiql/react marks its modules "use no memo" (React Compiler); bundling drops the directive harmlessly.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  // GraphiQL's Monaco workers (graphiql/setup-workers/vite: `?worker` imports) are bundled as files of web/dist:
  // nothing is loaded from a CDN.
  worker: { format: 'es' },
  server: {
    // /graphql also upgrades to WebSocket (GraphiQL's subscriptions).
    proxy: Object.fromEntries(['/graphql', '/exports'].map((p) => [p, { target: process.env.SOILSHARE_API ?? 'http://localhost:4000', ws: p === '/graphql' }])),
  },
});
