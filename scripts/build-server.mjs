// Bundles the server (src/cli.ts) into bundle/: one module graph to load instead
// of hundreds of files, which is most of orgmock's cold start on Node 20.
// better-sqlite3 (native) and @fastify/swagger-ui (serves files from its own
// folder) stay in node_modules. gRPC code is split into chunks loaded on the
// first HTTP/2 connection.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync('bundle', { recursive: true, force: true });
await build({
  entryPoints: ['src/cli.ts'],
  outdir: 'bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  external: ['better-sqlite3', '@fastify/swagger-ui'],
  // CommonJS dependencies inside an ESM bundle still call require().
  banner: {
    js: "import { createRequire as __orgmockRequire } from 'node:module'; const require = __orgmockRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
