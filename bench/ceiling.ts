import Fastify from 'fastify';
import { parseArgs } from 'node:util';

/**
 * The ceiling orgmock is judged against: the same framework with nothing on top,
 * one PATCH route that parses the JSON body and returns it.
 *
 * `--work-us N` adds N microseconds of busy work to every request (for
 * `npm run bench:calibrate`): what a fixed cost per request does to the ratio
 * on this machine.
 */
const { values } = parseArgs({ options: { 'work-us': { type: 'string' } } });
const workMs = Number(values['work-us'] ?? 0) / 1000;

const app = Fastify({ logger: false });
// What the bench polls for the cold start, as it polls orgmock's /__admin/health.
app.get('/health', async () => ({ status: 'ok' }));
app.patch('/ceiling/:id', async (req) => {
  if (workMs > 0) {
    const until = performance.now() + workMs;
    while (performance.now() < until);
  }
  return req.body;
});
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
console.log(`ceiling listening on http://127.0.0.1:${port}`);

// The bench stops it with SIGTERM; exit at once, there is nothing to flush.
process.on('SIGTERM', () => process.exit(0));
