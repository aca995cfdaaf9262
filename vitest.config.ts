import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

// The bench smoke test runs the real bench (a build-free copy, for seconds): it
// belongs to `npm run test:heavy`, which CI runs after `npm test`.
const heavyOnly = ['test/bench.test.ts', 'test/journal-memory.test.ts'];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds the server bundle the CLI tests start.
    globalSetup: ['test/global-setup.ts'],
    exclude: [...configDefaults.exclude, ...(process.env.ORGMOCK_HEAVY ? [] : heavyOnly)],
    // The source holds no module-level mutable state (everything hangs off an app),
    // so test files of one worker share its loaded modules: loading Fastify, the
    // SDKs and the vendors once per worker, not once per file, halves the CPU time.
    // A test file must therefore not vi.mock a module or change one's state.
    isolate: false,
    // Vitest's default on 2 cores is one worker; many files wait on sockets and
    // child processes, so two overlap well.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Transformed sources are kept on disk (node_modules/.experimental-vitest-cache, keyed by
    // content) between runs: a warm run no longer transforms the TypeScript again, which
    // halved each worker's import time.
    experimental: { fsModuleCache: true },
    // Generous: tests that start the real CLI wait on a busy machine.
    testTimeout: 90_000,
    hookTimeout: 60_000,
  },
});
