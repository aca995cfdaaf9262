// Bundles the server (src/cli.ts) into bundle/: one module graph to load instead
// of hundreds of files, which is most of orgmock's cold start on Node 20.
// The packages in EXTERNAL stay in node_modules (scripts/runtime-deps.mjs copies
// them into the Docker image). gRPC code is split into chunks loaded on the
// first HTTP/2 connection.
//
// `node scripts/build-server.mjs [folder]`: another folder one level below the
// package root (the bundle finds fixtures/, ui/ and package.json one folder up),
// as the tests' own copy in .test-bundle/.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** Loaded from node_modules at run time, not bundled. */
export const EXTERNAL = [
  // better-sqlite3 is bundled: only its compiled addon is loaded from node_modules
  // (src/store/sqlite.ts names its path; ADDONS below).
  // serves files from its own folder
  '@fastify/swagger-ui',
  // Fastify's schema compilers, required on a route's first request
  // (src/http/lazy-schema-compilers.ts): left out, they are not parsed at start.
  '@fastify/ajv-compiler',
  '@fastify/fast-json-stringify-compiler',
];

/** Compiled addons the bundle loads from node_modules by path: package, file in it. */
export const ADDONS = [['better-sqlite3', 'build/Release/better_sqlite3.node']];

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
    // Whitespace and comments out, names kept: V8 keeps every module's source in
    // memory, and this is about 1 MB of idle RSS. The .map files beside the chunks
    // give the sources back (node --enable-source-maps bundle/cli.js).
    minifyWhitespace: true,
    external: EXTERNAL,
    // CommonJS dependencies inside an ESM bundle still call require().
    banner: {
      js: "import { createRequire as __orgmockRequire } from 'node:module'; const require = __orgmockRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildServer(process.argv[2]);
