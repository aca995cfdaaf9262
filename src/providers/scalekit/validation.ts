import type { OrgMockContext } from '../../context.js';
import type { RequestValidator } from './protovalidate.js';
import { scalekitErrors, type FieldViolation } from './scalekit-error.js';

/**
 * The request validator, loaded on first use: protovalidate and the SDK's
 * descriptors cost ~0.5 s and tens of MB to load, which a server that never
 * sees a Scalekit request (or sees only valid tokens fail) should not pay at
 * start-up. One per app instance, kept beside it (the WeakMap forgets it with
 * the instance), shared by the REST routes and the gRPC service.
 */
const loaded = new WeakMap<OrgMockContext, Promise<RequestValidator>>();

export function requestValidator(ctx: OrgMockContext): Promise<RequestValidator> {
  let validator = loaded.get(ctx);
  if (!validator) {
    validator = import('./protovalidate.js').then((m) => m.createRequestValidator());
    loaded.set(ctx, validator);
  }
  return validator;
}

/** Refuses a request that breaks a rule, with every violation at once (protovalidate's `failFast` off). */
export async function refuseInvalid(violations: Promise<FieldViolation[]>): Promise<void> {
  const found = await violations;
  if (found.length > 0) throw scalekitErrors.validation(found);
}
