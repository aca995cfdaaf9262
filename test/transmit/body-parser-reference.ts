/**
 * The reference for Transmit's bodies: Express's own body-parser (2.4) run on the
 * bytes, its parsers in the order NestJS 11.2 registers them, each handed the
 * request stream it would read.
 */
import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import bodyParser from 'body-parser';

export type BodyParserAnswer =
  | { body: unknown }
  /** `text`: the decoded body a JSON syntax error carries (body-parser's `err.body`). */
  | { status: number | undefined; message: string; text: unknown };

const parsersByName = {
  json: () => bodyParser.json(),
  form: () => bodyParser.urlencoded({ extended: true }),
};

export async function runBodyParser(
  parsers: readonly (keyof typeof parsersByName)[],
  raw: Buffer,
  headers: Record<string, string>,
): Promise<BodyParserAnswer> {
  const req = Object.assign(Readable.from([raw], { objectMode: false }), {
    headers: { ...headers, 'content-length': String(raw.length) },
    complete: false,
    socket: Object.assign(new EventEmitter(), { readable: true }),
    body: undefined as unknown,
  });
  req.on('end', () => {
    req.complete = true;
  });
  for (const name of parsers) {
    const parse = parsersByName[name]();
    const err = await new Promise<(Error & { status?: number; body?: unknown }) | undefined>((resolve) =>
      parse(req as never, {} as never, (e?: unknown) => resolve(e as Error | undefined)),
    );
    if (err) return { status: err.status, message: err.message, text: err.body };
  }
  return { body: req.body };
}
