// Bundles the server (src/cli.ts) into bundle/: one module graph to load instead
// of hundreds of files, which is most of orgmock's cold start on Node 20.
// better-sqlite3 (native) and @fastify/swagger-ui (serves files from its own
// folder) stay in node_modules. gRPC code is split into chunks loaded on the
// first HTTP/2 connection.
//
// `node scripts/build-server.mjs [folder]`: another folder one level below the
// package root (the bundle finds fixtures/, ui/ and package.json one folder up),
// as the tests' own copy in .test-bundle/.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export async function buildServer(outdir = 'bundle') {
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: ['src/cli.ts'],
    outdir,
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
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildServer(process.argv[2]);
