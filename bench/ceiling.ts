import Fastify from 'fastify';

/**
 * The ceiling orgmock is judged against: the same framework with nothing on top,
 * one PATCH route that parses the JSON body and returns it.
 */
const app = Fastify({ logger: false });
app.patch('/ceiling/:id', async (req) => req.body);
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
console.log(`ceiling listening on http://127.0.0.1:${port}`);

// The bench stops it with SIGTERM; exit at once, there is nothing to flush.
process.on('SIGTERM', () => process.exit(0));
