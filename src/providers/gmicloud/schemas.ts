import { Type, type Static } from '@sinclair/typebox';

const UUID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

export const ValidationDetail = Type.Object(
  {
    field: Type.Optional(Type.String({ description: 'The field of the request data.' })),
    expression: Type.Optional(Type.String({ description: 'The form of violation.' })),
    argument: Type.Optional(Type.String({ description: 'The number or data to support the expression.' })),
    originalValue: Type.Optional(Type.Unknown({ description: 'The original value from the request.' })),
    reason: Type.Optional(Type.String({ description: 'The reason for the validation error.' })),
  },
  { title: 'ValidationDetail' },
);
export type ValidationDetail = Static<typeof ValidationDetail>;

/** The vendor's one error envelope, for every status. */
export const ErrStatusMsg = Type.Object(
  {
    group: Type.String({ description: 'API function group; "request" for invalid request parameters.' }),
    code: Type.Integer({ description: 'The substatus error code for the API response.' }),
    message: Type.Optional(Type.String({ description: 'The substatus error message for the API response.' })),
    traces: Type.Optional(Type.Array(Type.String(), { description: 'The original error messages.' })),
    validationDetail: Type.Optional(
      Type.Array(ValidationDetail, { description: 'Invalid fields and why (group "request").' }),
    ),
  },
  { title: 'ErrStatusMsg' },
);
export type ErrStatusMsg = Static<typeof ErrStatusMsg>;

export const OrgIdParams = Type.Object({
  orgId: Type.String({
    format: 'uuid',
    description: "The organization's ID. Must be a valid UUID.",
    examples: ['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'],
  }),
});

export const UpdateOrganizationInfoRequest = Type.Object(
  {
    name: Type.String({ description: "The organization's name.", examples: ['My Organization'] }),
  },
  { title: 'updateOrganizationInfoRequest' },
);

export const CreateAuthTokenRequest = Type.Object(
  {
    email: Type.String({ format: 'email', description: "User's email address." }),
    password: Type.String({ description: "User's password." }),
  },
  { title: 'createAuthTokenRequest' },
);

export const AuthTokenResponse = Type.Object(
  {
    authToken: Type.String({
      description: 'A short-lived token to exchange for access and refresh tokens at POST /me/sessions.',
    }),
    is2FARequired: Type.Boolean({
      description: 'Whether POST /me/sessions needs an otpCode (always false in orgmock).',
    }),
  },
  { title: 'authTokenResponse' },
);
export type AuthTokenResponse = Static<typeof AuthTokenResponse>;

export const CreateSessionRequest = Type.Object(
  {
    authToken: Type.String({ description: 'The token from POST /me/auth-tokens.' }),
    otpCode: Type.Optional(
      Type.String({ description: 'Numeric one-time passcode; only needed when is2FARequired is true.' }),
    ),
    type: Type.Optional(Type.String()),
  },
  { title: 'createSessionRequest' },
);

export const RefreshSessionRequest = Type.Object(
  {
    refreshToken: Type.String(),
  },
  { title: 'refreshSessionRequest' },
);

export const SessionResponse = Type.Object(
  {
    accessToken: Type.String({ description: 'JWT for API requests (carries userId); valid 1 hour.' }),
    refreshToken: Type.String({ description: 'JWT for PATCH /me/sessions; valid 30 days.' }),
  },
  { title: 'sessionResponse' },
);
export type SessionResponse = Static<typeof SessionResponse>;

export const ClientIdHeader = Type.Object({
  'ce-clientid': Type.String({
    pattern: '^[A-Za-z0-9]{1,7}$',
    description: 'A unique identifier of the user device and browser: alphanumeric, under 8 characters.',
  }),
});

export const BearerHeader = Type.Object({
  authorization: Type.String({ description: 'Bearer <accessToken>' }),
});

/** What the store keeps per organization. */
export const Organization = Type.Object(
  {
    id: Type.String({ pattern: UUID_PATTERN }),
    name: Type.String(),
  },
  { additionalProperties: false },
);
export type Organization = Static<typeof Organization>;

export const GmiFixtures = Type.Object(
  {
    organizations: Type.Array(Organization),
    users: Type.Array(
      Type.Object(
        {
          id: Type.String({ pattern: UUID_PATTERN }),
          email: Type.String({ minLength: 3 }),
          password: Type.String({ minLength: 1 }),
          organizations: Type.Array(
            Type.Object(
              {
                orgId: Type.String({ pattern: UUID_PATTERN }),
                orgRole: Type.String({
                  minLength: 1,
                  description: '"org_owner" may update the organization; any other role may not.',
                }),
              },
              { additionalProperties: false },
            ),
          ),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type GmiFixtures = Static<typeof GmiFixtures>;
