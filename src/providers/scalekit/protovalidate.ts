/**
 * Scalekit's request validation: the `buf.validate` rules that the vendor's own
 * descriptors carry (as `@scalekit-sdk/node` ships them), evaluated by
 * protovalidate-es, and reported as the vendor's protovalidate-go generation
 * words them (v1.0.x: `validation error:\n - <path>: <message> [<rule id>]`,
 * "value length must be at least 1 characters").
 *
 * Two builds of the one library, each for what it does best:
 * - `@bufbuild/protovalidate` 1.3 gives the verdict. Its native string and map
 *   rules take ~5 µs a request where CEL takes ~45 µs, and every valid request
 *   (all of the benchmark) stops there.
 * - `protovalidate-v1-texts` (the npm alias of `@bufbuild/protovalidate` 1.1.1)
 *   words a refusal: it evaluates the rules through the CEL expressions of
 *   validate.proto before protovalidate 1.2 dropped the "value ..." wording,
 *   the texts protovalidate-go v1.0.x prints.
 *
 * This module is heavy (the SDK's descriptors, a CEL engine): it is loaded on
 * the first request that needs it (see validation.ts), never at start-up. The
 * wording build, with a CEL engine of its own, is loaded on the first refusal:
 * a client that sends only valid requests never pays for it.
 */
import { create, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import type { Path } from '@bufbuild/protobuf/reflect';
import { createValidator, type Violation } from '@bufbuild/protovalidate';
import type { createValidator as createWordingValidator } from 'protovalidate-v1-texts';
import { goQuote } from '../shared/go-quote.js';
import type { FieldViolation } from './scalekit-error.js';
import {
  CreateOrganizationRequestSchema,
  DeleteOrganizationRequestSchema,
  GetOrganizationRequestSchema,
  RegionCodeSchema,
  UpdateOrganizationRequestSchema,
} from './descriptors.js';
import type { CreateOrganization, UpdateOrganization } from './schemas.js';
import type { OrganizationRef } from './model.js';

/**
 * protovalidate-go v1.0.1 error_utils.go, FieldPathString (lines 134-160):
 * fields by proto name joined with dots, a map key or index in brackets, a
 * string key quoted with strconv.Quote.
 */
export function fieldPathString(path: Path): string {
  let out = '';
  for (const item of path) {
    switch (item.kind) {
      case 'field':
      case 'oneof':
        out += (out === '' ? '' : '.') + item.name;
        break;
      case 'extension':
        out += `${out === '' ? '' : '.'}[${item.typeName}]`;
        break;
      case 'list_sub':
        out += `[${item.index}]`;
        break;
      case 'map_sub':
        out += `[${typeof item.key === 'string' ? goQuote(item.key) : String(item.key)}]`;
        break;
    }
  }
  return out;
}

const toFieldViolation = (v: Violation): FieldViolation => ({
  field: fieldPathString(v.field),
  description: v.message,
  constraint: v.ruleId,
});

export interface RequestValidator {
  /**
   * Every violation of a request message, in protovalidate's order; empty when it
   * is valid. A promise because a refusal's words may need their build loaded first.
   */
  check<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>): Promise<FieldViolation[]>;
  /** `UpdateOrganizationRequest{id | external_id, organization}` as the REST gateway builds it. */
  update(ref: OrganizationRef, patch: UpdateOrganization): Promise<FieldViolation[]>;
  /** `CreateOrganizationRequest{organization}` as the REST gateway builds it. */
  create(input: Partial<CreateOrganization>): Promise<FieldViolation[]>;
  /** `GetOrganizationRequest` / `DeleteOrganizationRequest` for a REST path id or external id. */
  ref(method: 'get' | 'delete', ref: OrganizationRef): Promise<FieldViolation[]>;
}

/** An internal failure of the validator itself (a rule it cannot compile): a bug, never the client's fault. */
export class ValidatorFailure extends Error {}

export function createRequestValidator(): RequestValidator {
  const verdict = createValidator();
  let wording: Promise<ReturnType<typeof createWordingValidator>> | undefined;
  const wordingBuild = () => {
    wording ??= import('protovalidate-v1-texts').then(
      (m) => m.createValidator(),
      (err: unknown) => {
        // Not kept: the next refusal tries again.
        wording = undefined;
        throw new ValidatorFailure('the wording build of protovalidate could not be loaded', { cause: err });
      },
    );
    return wording;
  };

  async function check<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>): Promise<FieldViolation[]> {
    const fast = verdict.validate(schema, message);
    if (fast.kind === 'valid') return [];
    if (fast.kind === 'error') throw new ValidatorFailure(fast.error.message, { cause: fast.error });
    const worded = (await wordingBuild()).validate(schema, message);
    // Both builds run the same rules; should the older one see nothing, the verdict's own words still name the problem.
    if (worded.kind === 'invalid') return worded.violations.map(toFieldViolation);
    return fast.violations.map(toFieldViolation);
  }

  const identities = (ref: OrganizationRef) =>
    'id' in ref ? { case: 'id' as const, value: ref.id } : { case: 'externalId' as const, value: ref.external_id };

  return {
    check,
    update: (ref, patch) =>
      check(
        UpdateOrganizationRequestSchema,
        create(UpdateOrganizationRequestSchema, {
          identities: identities(ref),
          organization: {
            displayName: patch.display_name,
            externalId: patch.external_id,
            metadata: patch.metadata ?? {},
            slug: patch.slug,
            logoUrl: patch.logo_url,
          },
        }),
      ),
    create: (input) =>
      check(
        CreateOrganizationRequestSchema,
        create(CreateOrganizationRequestSchema, {
          organization: {
            displayName: input.display_name ?? '',
            regionCode: RegionCodeSchema.values.find((v) => v.name === input.region_code)?.number ?? 0,
            externalId: input.external_id,
            metadata: input.metadata ?? {},
            slug: input.slug,
            logoUrl: input.logo_url,
          },
        }),
      ),
    ref: (method, ref) =>
      method === 'get'
        ? check(GetOrganizationRequestSchema, create(GetOrganizationRequestSchema, { identities: identities(ref) }))
        : check(
            DeleteOrganizationRequestSchema,
            create(DeleteOrganizationRequestSchema, { identities: identities(ref) }),
          ),
  };
}
