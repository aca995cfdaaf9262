import { Type, type Static } from '@sinclair/typebox';

/** Feature names of `OrganizationSettings.features`, as the vendor's API reference lists them. */
export const FEATURE_NAMES = ['sso', 'dir_sync', 'domain_verification', 'session_policy'] as const;
/** `scalekit.v1.commons.RegionCode`, by name (protojson writes enums by name). */
export const REGION_CODES = ['REGION_CODE_UNSPECIFIED', 'US', 'EU'] as const;

const Metadata = Type.Record(Type.String(), Type.String(), {
  description: 'keys 3-25 characters, values 1-256 characters, at most 10 pairs',
});

const OrganizationSettingsFeature = Type.Object(
  {
    name: Type.String({ examples: ['sso'] }),
    enabled: Type.Boolean(),
  },
  { additionalProperties: false, title: 'OrganizationSettingsFeature' },
);

export const OrganizationSettings = Type.Object(
  {
    features: Type.Array(OrganizationSettingsFeature),
  },
  { additionalProperties: false, title: 'OrganizationSettings' },
);
export type OrganizationSettings = Static<typeof OrganizationSettings>;

/**
 * `scalekit.v1.organizations.Organization` as the REST gateway writes it: proto
 * field names, fields in field-number order, `external_id`, `slug` and
 * `logo_url` (proto3 optional) left out when unset.
 */
export const Organization = Type.Object(
  {
    id: Type.String({ examples: ['org_2123312131125533'] }),
    create_time: Type.String({ format: 'date-time' }),
    update_time: Type.String({ format: 'date-time' }),
    display_name: Type.String(),
    region_code: Type.Union(REGION_CODES.map((c) => Type.Literal(c))),
    external_id: Type.Optional(Type.String()),
    metadata: Metadata,
    settings: OrganizationSettings,
    slug: Type.Optional(Type.String()),
    logo_url: Type.Optional(Type.String()),
  },
  { additionalProperties: false, title: 'Organization' },
);
export type Organization = Static<typeof Organization>;

/** What the store holds: the same fields, times as ISO strings with milliseconds. */
export type StoredOrganization = Organization;

export const OrganizationResponse = Type.Object(
  { organization: Organization },
  { title: 'UpdateOrganizationResponse' },
);
export const ListOrganizationsResponse = Type.Object(
  {
    next_page_token: Type.String(),
    total_size: Type.Integer(),
    organizations: Type.Array(Organization),
    prev_page_token: Type.String(),
  },
  { title: 'ListOrganizationsResponse' },
);
export type ListOrganizationsResponse = Static<typeof ListOrganizationsResponse>;

/**
 * `UpdateOrganization`, the body of `PATCH /api/v1/organizations/{id}`. Each
 * field may also be sent under its lowerCamelCase JSON name (`displayName`,
 * `externalId`, `logoUrl`). A field left out keeps its value; `metadata`, when
 * sent, replaces the whole map.
 */
export const UpdateOrganization = Type.Object(
  {
    display_name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    external_id: Type.Optional(Type.String({ description: 'an empty string removes it' })),
    metadata: Type.Optional(Metadata),
    slug: Type.Optional(Type.String({ maxLength: 253, description: 'an empty string removes it' })),
    logo_url: Type.Optional(
      Type.String({
        maxLength: 1024,
        pattern: '^https://',
        description:
          "an empty string removes it; `^https://` is the vendor's OpenAPI annotation, not a rule: other URLs are accepted",
      }),
    ),
  },
  { additionalProperties: false, title: 'UpdateOrganization' },
);
export type UpdateOrganization = Static<typeof UpdateOrganization>;

/** `CreateOrganization`, the body of `POST /api/v1/organizations`. */
export const CreateOrganization = Type.Object(
  {
    display_name: Type.String({ minLength: 1, maxLength: 200 }),
    region_code: Type.Optional(Type.Union(REGION_CODES.map((c) => Type.Literal(c)))),
    external_id: Type.Optional(Type.String()),
    metadata: Type.Optional(Metadata),
    slug: Type.Optional(Type.String({ minLength: 1, maxLength: 253 })),
    logo_url: Type.Optional(
      Type.String({
        maxLength: 1024,
        pattern: '^https://',
        description: "`^https://` is the vendor's OpenAPI annotation, not a rule: other URLs are accepted",
      }),
    ),
  },
  { additionalProperties: false, title: 'CreateOrganization' },
);
export type CreateOrganization = Static<typeof CreateOrganization>;

export const OrganizationIdParams = Type.Object({ id: Type.String({ examples: ['org_2123312131125533'] }) });

export const ListOrganizationsQuery = Type.Object({
  page_size: Type.Optional(Type.Integer({ minimum: 0, description: 'default 30, at most 100' })),
  page_token: Type.Optional(Type.String()),
  external_id: Type.Optional(Type.String()),
});

const FieldViolationSchema = Type.Object({
  field: Type.String(),
  description: Type.String(),
  constraint: Type.String(),
});

/** `google.rpc.Status` as grpc-gateway writes it, with Scalekit's `ErrorInfo` detail. */
export const GatewayError = Type.Object(
  {
    code: Type.Integer({ description: 'gRPC status code' }),
    message: Type.String(),
    details: Type.Array(
      Type.Object({
        '@type': Type.Literal('type.googleapis.com/scalekit.v1.errdetails.ErrorInfo'),
        error_code: Type.String(),
        validation_error_info: Type.Optional(Type.Object({ field_violations: Type.Array(FieldViolationSchema) })),
      }),
    ),
  },
  { title: 'Status' },
);
export type GatewayError = Static<typeof GatewayError>;

export const TokenRequest = Type.Object(
  {
    grant_type: Type.Literal('client_credentials'),
    client_id: Type.String({ examples: ['skc_58327482062864390'] }),
    client_secret: Type.String(),
    scope: Type.Optional(Type.String()),
  },
  { title: 'ClientCredentialsTokenRequest' },
);

export const TokenResponse = Type.Object(
  {
    access_token: Type.String(),
    token_type: Type.Literal('Bearer'),
    expires_in: Type.Integer({ examples: [86399] }),
    scope: Type.String({ examples: ['openid'] }),
  },
  { title: 'TokenResponse' },
);
export type TokenResponse = Static<typeof TokenResponse>;

/** RFC 6749 section 5.2. */
export const OAuthError = Type.Object(
  {
    error: Type.String(),
    error_description: Type.String(),
  },
  { title: 'OAuthError' },
);

const FixtureOrganization = Type.Object(
  {
    id: Type.String({ pattern: '^org_[0-9]+$' }),
    display_name: Type.String(),
    create_time: Type.String({ description: 'RFC 3339' }),
    update_time: Type.Optional(Type.String({ description: 'RFC 3339; create_time when absent' })),
    region_code: Type.Optional(Type.Union([Type.Literal('US'), Type.Literal('EU')])),
    external_id: Type.Optional(Type.String()),
    metadata: Type.Optional(Type.Record(Type.String(), Type.String())),
    settings: Type.Optional(OrganizationSettings),
    slug: Type.Optional(Type.String()),
    logo_url: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type FixtureOrganization = Static<typeof FixtureOrganization>;

export const ScalekitFixtures = Type.Object(
  {
    environments: Type.Array(
      Type.Object(
        {
          id: Type.String({ pattern: '^env_[0-9]+$' }),
          name: Type.Optional(Type.String()),
          clients: Type.Array(
            Type.Object(
              {
                client_id: Type.String({ pattern: '^skc_[0-9]+$' }),
                client_secret: Type.String({ minLength: 1 }),
              },
              { additionalProperties: false },
            ),
          ),
          organizations: Type.Array(FixtureOrganization),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type ScalekitFixtures = Static<typeof ScalekitFixtures>;
