import { createRequire } from 'node:module';
import type AjvCompiler from '@fastify/ajv-compiler';
import type SerializerCompiler from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

type Compiled = ((data: unknown) => unknown) & { errors?: unknown };
type CompilerFactory = (externalSchemas: unknown, options: unknown) => (routeSchema: unknown) => Compiled;

/**
 * A compiler factory whose compilers hand Fastify, for each route schema, a stand-in
 * that loads the compiler package, builds the real compiler and compiles the schema
 * on the route's first request.
 */
function compiledOnFirstUse(selector: () => CompilerFactory): CompilerFactory {
  let factory: CompilerFactory | undefined;
  return (externalSchemas, options) => {
    let compile: ((routeSchema: unknown) => Compiled) | undefined;
    return (routeSchema) => {
      let compiled: Compiled | undefined;
      const standIn: Compiled = (data) => {
        if (!compiled) {
          factory ??= selector();
          compile ??= factory(externalSchemas, options);
          compiled = compile(routeSchema);
        }
        const result = compiled(data);
        // Fastify reads a failed validation's errors off the function it was given.
        standIn.errors = compiled.errors;
        return result;
      };
      return standIn;
    };
  };
}

/**
 * Fastify's own compiler packages, required on first use: Fastify compiles
 * synchronously, so an `import()` could not wait for them there. The server bundle
 * leaves both packages in node_modules (scripts/build-server.mjs), where this finds them.
 */
const requireOnFirstUse = createRequire(import.meta.url);

/**
 * Fastify's own compilers (Ajv for request schemas, fast-json-stringify for
 * responses), with each route's schema compiled on its first request instead of at
 * start-up, and the two compiler packages loaded then too. Creating Ajv and
 * compiling every admin and vendor schema was a third of orgmock's start-up CPU and
 * about 11 MB of its idle memory; loading the packages, another 20 ms of every
 * start. What runs once compiled is Fastify's default, unchanged. One set per app:
 * each app's compilers and their caches are its own.
 */
export function lazySchemaCompilers(): NonNullable<FastifyServerOptions['schemaController']> {
  const ajv = () => (requireOnFirstUse('@fastify/ajv-compiler') as typeof AjvCompiler)();
  const fjs = () => (requireOnFirstUse('@fastify/fast-json-stringify-compiler') as typeof SerializerCompiler)();
  return {
    compilersFactory: {
      buildValidator: compiledOnFirstUse(ajv as unknown as () => CompilerFactory) as never,
      buildSerializer: compiledOnFirstUse(fjs as unknown as () => CompilerFactory) as never,
    },
  };
}
