import { Type, type Static } from '@sinclair/typebox';

/** `UpdateOrgBody.name`'s pattern, exactly as the vendor's OpenAPI document gives it. */
export const NAME_PATTERN = "^[A-Za-zÀ-ÖØ-öø-ÿ0-9(),/:'|&_\\- ’]{0,80}$";

export const OrgIdParams = Type.Object({
  org_id: Type.String({ format: 'uuid', title: 'Org Id' }),
});

export const UpdateOrgBody = Type.Object(
  {
    name: Type.String({ pattern: NAME_PATTERN, title: 'Name' }),
  },
  { additionalProperties: false, title: 'UpdateOrgBody' },
);
export type UpdateOrgBody = Static<typeof UpdateOrgBody>;

export const ClientFacingOrg = Type.Object(
  {
    id: Type.String({ format: 'uuid', title: 'Id' }),
    name: Type.String({ title: 'Name' }),
    expires_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { title: 'Expires At' }),
  },
  { title: 'ClientFacingOrg' },
);
export type ClientFacingOrg = Static<typeof ClientFacingOrg>;

export const ValidationError = Type.Object(
  {
    type: Type.String(),
    loc: Type.Array(Type.Union([Type.String(), Type.Integer()])),
    msg: Type.String(),
    input: Type.Unknown(),
    ctx: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { title: 'ValidationError' },
);
export type ValidationError = Static<typeof ValidationError>;

export const HTTPValidationError = Type.Object(
  { detail: Type.Array(ValidationError) },
  { title: 'HTTPValidationError' },
);
export const HTTPError = Type.Object({ detail: Type.String() });

export const JunctionFixtures = Type.Object(
  {
    orgs: Type.Array(
      Type.Object(
        {
          id: Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' }),
          name: Type.String(),
          expires_at: Type.Union([Type.String(), Type.Null()]),
        },
        { additionalProperties: false },
      ),
    ),
    management_keys: Type.Array(
      Type.Object(
        {
          key: Type.String({ minLength: 1 }),
          org_id: Type.String(),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type JunctionFixtures = Static<typeof JunctionFixtures>;
