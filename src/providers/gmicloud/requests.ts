import type { FastifyRequest } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { bindJson, type BindFailure, type GoStruct } from './go-bind.js';
import { bindError } from './errors.js';
import type {
  CreateAuthTokenRequest,
  CreateSessionRequest,
  RefreshSessionRequest,
  UpdateOrganizationInfoRequest,
} from './schemas.js';

/** A Go struct description tied to the TypeBox type of what it binds to. */
export interface RequestStruct<T> extends GoStruct {
  readonly bindsTo?: T;
}

/**
 * The vendor's request structs as gin binds them. Type names are the ones its
 * OpenAPI file gives (`x-go-name`); `api` is orgmock's guess at the package.
 */
export const createAuthTokenRequest: RequestStruct<Static<typeof CreateAuthTokenRequest>> = {
  goType: 'api.createAuthTokenRequest',
  fields: [
    { json: 'email', binding: ['required', 'email'] },
    { json: 'password', binding: ['required'] },
  ],
};

export const createSessionRequest: RequestStruct<Static<typeof CreateSessionRequest>> = {
  goType: 'api.createSessionRequest',
  fields: [
    { json: 'authToken', binding: ['required'] },
    { json: 'otpCode', pointer: true, numberAsText: true, binding: ['numeric'] },
    { json: 'type', pointer: true, binding: [] },
  ],
};

export const refreshSessionRequest: RequestStruct<Static<typeof RefreshSessionRequest>> = {
  goType: 'api.refreshSessionRequest',
  fields: [{ json: 'refreshToken', binding: ['required'] }],
};

export const updateOrganizationInfoRequest: RequestStruct<Static<typeof UpdateOrganizationInfoRequest>> = {
  goType: 'api.updateOrganizationInfoRequest',
  fields: [{ json: 'name', binding: ['required'] }],
};

/** The vendor's `http.MaxBytesReader` limit (a mock decision): it bounds what the Decoder reads, not the body. */
export const GO_BODY_LIMIT = 1024 * 1024;

/**
 * What orgmock reads of a GMI body at all: the Decoder stops after the first
 * value, so a body may be far longer than the limit and still bind.
 */
export const READ_BODY_LIMIT = 16 * 1024 * 1024;

/** `c.ShouldBindJSON(&body)`, answered the vendor's way when it fails. */
export function readBody<T>(req: FastifyRequest, struct: RequestStruct<T>): T {
  const bound = bindJson(req.rawBody, struct, req.raw.bodyEndedEarly, GO_BODY_LIMIT);
  if (!bound.ok) throw bindError(bound.failure).because(bindReason(bound.failure));
  // Required string fields are non-empty and optional ones string or absent, as T says.
  return bound.value as T;
}

/** Why a body was refused, in plain words, for the journal. */
function bindReason(failure: BindFailure): string {
  switch (failure.kind) {
    case 'empty':
      return 'the request has no JSON body';
    case 'tooLarge':
      return "the body is over the vendor's size limit";
    case 'decode':
      return `the body is not a JSON object (Go's decoder: ${failure.error})`;
    case 'type':
      return `${failure.field} must be a JSON string, got ${failure.jsonKind}`;
    case 'invalid':
      return failure.errors.map((e) => `${e.field} fails the ${e.tag} rule`).join('; ');
  }
}
