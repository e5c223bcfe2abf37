import { defineConfig } from 'vite';

// esbuild's own JSX transform is all the app needs; no React plugin (no fast refresh in dev).
export default defineConfig({
  base: '/',
  root: import.meta.dirname,
  esbuild: { jsx: 'automatic' },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, target: 'es2022' },
  server: {
    // `npm run dev:web` talks to a running `npm start` (gateway on 8080) for the API.
    proxy: Object.fromEntries(
      ['/auth', '/media', '/albums', '/trash', '/uploads', '/jobs', '/credentials', '/.well-known'].map((p) => [
        p,
        { target: process.env.API_PROXY ?? 'http://localhost:8080', bypass: (req: { headers: { accept?: string } }) => (req.headers.accept?.includes('text/html') ? '/index.html' : undefined) },
      ]),
    ),
  },
});
