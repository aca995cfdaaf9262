import type { FastifyRequest } from 'fastify';
import { isPlainObject, mediaType, readJson } from '../../http/request.js';
import { raziErrors } from './errors.js';
import type { MachineUserTokenBody, SignInBody, SignUpBody, UpdateOrganizationBody } from './schemas.js';

type Body = Record<string, unknown>;

/**
 * The body as a JSON object, checked the way a body parser would, before
 * credentials: JSON with an `application/json` (or `+json`) type, or no type at all.
 */
export function readBody(req: FastifyRequest): Body {
  const type = mediaType(req);
  if (type !== undefined && type !== 'application/json' && !/^application\/[^/]+\+json$/.test(type)) {
    throw raziErrors.unsupportedContentType();
  }
  const json = readJson(req);
  if (!json.ok) throw raziErrors.invalidJson();
  if (json.empty) throw raziErrors.bodyRequired();
  if (!isPlainObject(json.value)) throw raziErrors.notAnObject();
  return json.value;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MIN_PASSWORD = 8;

function requiredString(body: Body, field: string): string {
  const v = body[field];
  if (typeof v !== 'string' || v === '') throw raziErrors.badField(`${field} must be a non-empty string`);
  return v;
}

function optionalString(body: Body, field: string): string | undefined {
  const v = body[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw raziErrors.badField(`${field} must be a string`);
  return v;
}

/** An object of string values with non-empty keys, copied key by key onto a prototype-less map. */
function stringMap(value: unknown, field: string): Record<string, string> {
  if (!isPlainObject(value)) throw raziErrors.badField(`${field} must be an object of string values`);
  const out: Record<string, string> = Object.create(null);
  for (const [k, v] of Object.entries(value)) {
    if (k === '') throw raziErrors.badField(`${field} keys must not be empty`);
    if (typeof v !== 'string') throw raziErrors.badField(`${field}.${k} must be a string`);
    out[k] = v;
  }
  return out;
}

/** Only metadata can be updated, so any other field is refused rather than ignored. */
export function validateUpdateOrganization(body: Body): UpdateOrganizationBody {
  const extra = Object.keys(body).filter((k) => k !== 'metadata');
  if (extra.length > 0) {
    throw raziErrors.badField(
      `Only metadata can be updated; unexpected field${extra.length > 1 ? 's' : ''}: ${extra.join(', ')}`,
    );
  }
  if (!Object.hasOwn(body, 'metadata')) throw raziErrors.badField('metadata is required');
  return { metadata: stringMap(body.metadata, 'metadata') };
}

export function validateMachineUserToken(body: Body): MachineUserTokenBody {
  return { clientId: requiredString(body, 'clientId'), clientSecret: requiredString(body, 'clientSecret') };
}

export function validateSignIn(body: Body): SignInBody {
  return { email: requiredString(body, 'email'), password: requiredString(body, 'password') };
}

/** Fields of the documented sign-up body; others (an old `orgId`, say) are ignored, so a new user joins no org. */
export function validateSignUp(body: Body): SignUpBody {
  const email = requiredString(body, 'email');
  if (!EMAIL.test(email)) throw raziErrors.badField('email must be a valid email address');
  const password = requiredString(body, 'password');
  if ([...password].length < MIN_PASSWORD)
    throw raziErrors.badField(`password must be at least ${MIN_PASSWORD} characters long`);
  const out: SignUpBody = { email, password };
  for (const field of ['firstName', 'lastName', 'phoneNumber', 'verificationUrl'] as const) {
    const v = optionalString(body, field);
    if (v !== undefined) out[field] = v;
  }
  if (body.metadata !== undefined) out.metadata = stringMap(body.metadata, 'metadata');
  return out;
}
