// The admin portal's build: React through esbuild's automatic JSX runtime (no Babel plugin), everything
// bundled into dist/ (no CDN). `npx vite apps/admin-portal/ui` serves it in development against a running
// scimflow (SCIMFLOW_URL, default http://localhost:8080).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url));
const backend = process.env.SCIMFLOW_URL ?? 'http://localhost:8080';

export default defineConfig({
  root,
  base: '/',
  publicDir: path.join(root, 'public'),
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: {
    proxy: Object.fromEntries(
      ['/api', '/scim', '/health'].map((prefix) => [prefix, { target: backend, changeOrigin: true }]),
    ),
  },
  logLevel: 'warn',
});
