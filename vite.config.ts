import { sveltekit } from '@sveltejs/kit/vite';
// vitest/config's defineConfig: vite's options plus the typed `test` block.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [sveltekit()],
  server: { fs: { allow: ['warehouse', 'loaders'] } },
  ssr: { external: ['@duckdb/node-api', '@resvg/resvg-js'] },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks'
  }
});
