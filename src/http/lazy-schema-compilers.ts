import AjvCompiler from '@fastify/ajv-compiler';
import SerializerCompiler from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

type Compiled = ((data: unknown) => unknown) & { errors?: unknown };
type CompilerFactory = (externalSchemas: unknown, options: unknown) => (routeSchema: unknown) => Compiled;

/**
 * A compiler factory whose compilers hand Fastify, for each route schema, a stand-in
 * that builds the real compiler and compiles the schema on the route's first request.
 */
function compiledOnFirstUse(factory: CompilerFactory): CompilerFactory {
  return (externalSchemas, options) => {
    let compile: ((routeSchema: unknown) => Compiled) | undefined;
    return (routeSchema) => {
      let compiled: Compiled | undefined;
      const standIn: Compiled = (data) => {
        compile ??= factory(externalSchemas, options);
        compiled ??= compile(routeSchema);
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
 * Fastify's own compilers (Ajv for request schemas, fast-json-stringify for
 * responses), with each route's schema compiled on its first request instead of at
 * start-up. Creating Ajv and compiling every admin and vendor schema was a third of
 * orgmock's start-up CPU and about 11 MB of its idle memory, for routes most runs
 * never call. What runs once compiled is Fastify's default, unchanged.
 */
export const lazySchemaCompilers: NonNullable<FastifyServerOptions['schemaController']> = {
  compilersFactory: {
    buildValidator: compiledOnFirstUse(AjvCompiler() as unknown as CompilerFactory) as never,
    buildSerializer: compiledOnFirstUse(SerializerCompiler() as unknown as CompilerFactory) as never,
  },
};
