/**
 * `UpdateOrganizationDto` as class-transformer + class-validator see it under
 * NestJS's `ValidationPipe({ whitelist: true, forbidNonWhitelisted: true })`:
 *
 *   @IsOptional() @IsString()                          name
 *   @IsOptional() @IsArray() @IsString({ each: true }) domains
 *   @IsOptional() @IsBoolean()                         enabled
 *   @IsOptional() @IsString()                          alias_name
 *   @IsOptional() @IsString()                          domain
 *
 * Order of the messages, as ValidationExecutor produces them: first one
 * `property X should not exist` per unknown key (in the body's key order), then
 * each property in declaration order, and within a property its constraints in
 * registration order, which is bottom-up (`@IsString({each})` before
 * `@IsArray()`). `@IsOptional` skips every check for `null` and `undefined`.
 */
import type { UpdateOrganizationBody } from './schemas.js';
import { transmitErrors } from './errors.js';

interface Constraint {
  test(value: unknown): boolean;
  /** class-validator's default message; `each` adds the "each value in " prefix whatever the value. */
  message: string;
  /** With `{ each: true }` an array is valid when every item is; anything else is tested as it is. */
  each?: boolean;
}

const isString = (v: unknown) => typeof v === 'string';

const DTO: ReadonlyArray<{ property: keyof UpdateOrganizationBody; constraints: Constraint[] }> = [
  { property: 'name', constraints: [{ test: isString, message: 'name must be a string' }] },
  {
    property: 'domains',
    constraints: [
      { test: isString, each: true, message: 'each value in domains must be a string' },
      { test: Array.isArray, message: 'domains must be an array' },
    ],
  },
  {
    property: 'enabled',
    constraints: [{ test: (v) => typeof v === 'boolean', message: 'enabled must be a boolean value' }],
  },
  { property: 'alias_name', constraints: [{ test: isString, message: 'alias_name must be a string' }] },
  { property: 'domain', constraints: [{ test: isString, message: 'domain must be a string' }] },
];
const KNOWN = new Set<string>(DTO.map((f) => f.property));

export type DtoResult = { ok: true; patch: UpdateOrganizationBody } | { ok: false; messages: string[] };

export function validateUpdateOrganization(body: unknown): DtoResult {
  // class-transformer copies the body recursively; deep enough, the copy overflows the stack and NestJS answers 500.
  if (overflowsClassTransformer(body))
    throw transmitErrors.internal().because('nesting deep enough to overflow class-transformer');
  const messages: string[] = [];
  // ValidationPipe validates an array body as it is: its indexes are unknown properties.
  const source = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;

  for (const key of Object.keys(source)) {
    if (!KNOWN.has(key) && !droppedBeforeValidation(key)) messages.push(`property ${key} should not exist`);
  }

  const patch: UpdateOrganizationBody = {};
  const values = Array.isArray(body) ? {} : source;
  for (const { property, constraints } of DTO) {
    const value = Object.hasOwn(values, property) ? values[property] : undefined;
    if (value === null || value === undefined) continue;
    const failed = constraints.filter((c) => !passes(c, value));
    if (failed.length > 0) messages.push(...failed.map((c) => c.message));
    else (patch as Record<string, unknown>)[property] = Array.isArray(value) ? [...value] : value;
  }
  if (messages.length > 0) return { ok: false, messages };
  // NestJS 11.2's ValidationPipe: an array body that passed validation (no
  // index in it) is still no instance of the DTO (@nestjs/common 11.2.10,
  // pipes/validation.pipe.js, the `isObject` constraint after `validate`).
  if (Array.isArray(body)) return { ok: false, messages: ['Validation failed (object is expected)'] };
  return { ok: true, patch };
}

/**
 * Whether class-transformer's `plainToInstance` overflows the stack on the
 * body's deepest path: measured with class-transformer 0.5.1 on Node 20's
 * default stack, 2,410 nested objects fit and 1,333 nested arrays do (an array
 * level takes a larger frame). Walked without recursion, so that orgmock itself
 * never overflows whatever the depth.
 */
function overflowsClassTransformer(body: unknown): boolean {
  const pending: Array<[unknown, number]> = [[body, 0]];
  while (pending.length > 0) {
    const [value, above] = pending.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    const cost = above + (Array.isArray(value) ? 1 / 1333 : 1 / 2410);
    if (cost > 1) return true;
    for (const v of Object.values(value)) if (typeof v === 'object' && v !== null) pending.push([v, cost]);
  }
  return false;
}

function passes(c: Constraint, value: unknown): boolean {
  return c.each && Array.isArray(value) ? value.every((item) => c.test(item)) : c.test(value);
}

/**
 * Keys that never reach the validator: NestJS 11.2's ValidationPipe deletes
 * `__proto__`, `prototype` and `constructor` (`stripProtoKeys`), and
 * plainToInstance skips any key naming a function the new DTO instance already
 * has (`toString`, `hasOwnProperty`...).
 */
function droppedBeforeValidation(key: string): boolean {
  return (
    key === '__proto__' ||
    key === 'prototype' ||
    typeof (Object.prototype as unknown as Record<string, unknown>)[key] === 'function'
  );
}
