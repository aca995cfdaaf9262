import { Type, type Static } from '@sinclair/typebox';

/** Transmit ids: lowercase alphanumerics (organizations have 21, e.g. `uovh59ypbxkea4ir9dnqp`). */
const ID_PATTERN = '^[a-z0-9]+$';

export const OrganizationIdParams = Type.Object({
  organization_id: Type.String({ description: 'ID of the organization to update' }),
});

/**
 * `UpdateOrganizationDto`. Every field is optional (`@IsOptional`, so `null`
 * counts as absent too); any other key is refused, as NestJS's ValidationPipe
 * does with `whitelist` and `forbidNonWhitelisted`.
 */
export const UpdateOrganizationBody = Type.Object(
  {
    name: Type.Optional(Type.String({ description: 'Name of the organization' })),
    domains: Type.Optional(Type.Array(Type.String(), { description: 'Domains of the organization' })),
    enabled: Type.Optional(Type.Boolean({ description: 'Indicates if the organization is currently enabled' })),
    alias_name: Type.Optional(Type.String({ description: 'Alias name of the organization' })),
    domain: Type.Optional(Type.String({ description: 'Domain of the organization (deprecated)' })),
  },
  { additionalProperties: false, title: 'UpdateOrganizationDto' },
);
export type UpdateOrganizationBody = Static<typeof UpdateOrganizationBody>;

/** One organization, as stored and as answered (field order is the vendor's). */
export const Organization = Type.Object(
  {
    organization_id: Type.String({ pattern: ID_PATTERN, description: 'ID of the organization' }),
    app_ids: Type.Array(Type.String(), { description: 'A list of applications the organization can access' }),
    name: Type.String({ description: 'Name of the organization' }),
    domains: Type.Optional(Type.Array(Type.String(), { description: 'Domains of the organization' })),
    created_at: Type.Optional(
      Type.Number({ description: 'Date the organization was created in the tenant (epoch ms)' }),
    ),
    updated_at: Type.Optional(Type.Number({ description: 'Date the organization was last updated (epoch ms)' })),
    enabled: Type.Boolean({ description: 'Indicates if the organization is currently enabled' }),
    managed_organizations_by_app: Type.Optional(
      Type.Record(Type.String(), Type.Array(Type.String()), {
        description: 'Mapping of app IDs to managed organization IDs assigned to this app',
      }),
    ),
    managing_organization_id: Type.Optional(Type.String({ description: 'ID of the managing organization' })),
    logo_url: Type.Optional(Type.String({ description: "The URL of the organization's logo" })),
    alias_name: Type.Optional(Type.String({ description: 'Alias name of the organization' })),
    domain: Type.String({ description: 'Domain of the organization' }),
  },
  { additionalProperties: false, title: 'Organization' },
);
export type Organization = Static<typeof Organization>;

export const OrganizationResult = Type.Object({ result: Organization }, { title: 'UpdateOrganizationResponse' });

/** The NestJS exception filter's envelope: a list of messages for a 400, one text otherwise. */
export const BadRequest = Type.Object(
  {
    message: Type.Array(Type.String()),
    error_code: Type.Number(),
  },
  { title: 'BadRequestError' },
);
export const HttpError = Type.Object(
  {
    message: Type.String(),
    error_code: Type.Number(),
  },
  { title: 'HttpError' },
);

export const AuthorizationHeader = Type.Object({
  authorization: Type.Optional(Type.String({ description: 'Bearer <admin access token>' })),
});

export const TokenRequest = Type.Object(
  {
    client_id: Type.String(),
    client_secret: Type.String(),
    grant_type: Type.Literal('client_credentials'),
    resource: Type.Optional(
      Type.String({ description: 'Absolute URI of the resource the token is for; becomes its `aud`' }),
    ),
  },
  { title: 'TokenRequest' },
);

export const TokenResponse = Type.Object(
  {
    access_token: Type.String(),
    token_type: Type.Literal('Bearer'),
    expires_in: Type.Number(),
    scope: Type.String({ description: "The app's permissions, space-delimited" }),
  },
  { title: 'TokenResponse' },
);

/** oidc-provider's error body (RFC 6749 section 5.2). */
export const OAuthError = Type.Object(
  {
    error: Type.String(),
    error_description: Type.String(),
  },
  { title: 'OAuthError' },
);

/** What an admin access token says about its holder (Transmit's documented claims, plus `permissions`). */
export const AccessTokenClaims = Type.Object({
  tid: Type.String(),
  app_id: Type.String(),
  app_name: Type.String(),
  client_id: Type.String(),
  roles: Type.Array(Type.String()),
  permissions: Type.Array(Type.String()),
  scope: Type.String(),
});
export type AccessTokenClaims = Static<typeof AccessTokenClaims>;

export const App = Type.Object(
  {
    client_id: Type.String({ minLength: 1 }),
    /** In clear here so users can read the defaults; the store keeps only its hash. */
    client_secret: Type.String({ minLength: 1 }),
    app_id: Type.String({ pattern: ID_PATTERN }),
    name: Type.String(),
    permissions: Type.Array(Type.String()),
  },
  { additionalProperties: false },
);
export type App = Static<typeof App>;

export const TransmitFixtures = Type.Object(
  {
    tenants: Type.Array(
      Type.Object(
        {
          tenant_id: Type.String({ pattern: ID_PATTERN }),
          organizations: Type.Array(Organization),
          apps: Type.Array(App),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type TransmitFixtures = Static<typeof TransmitFixtures>;
