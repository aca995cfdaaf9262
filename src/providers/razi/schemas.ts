import { Type, type Static } from '@sinclair/typebox';

/** Razi ids are numeric strings (snowflakes such as `281185056586736799`). */
const NumericId = Type.String({ pattern: '^[0-9]{1,20}$', examples: ['281185056586736799'] });
const StringMap = Type.Record(Type.String(), Type.String());

/** Owner and user manager are the roles that may update an org; any other string is a custom role. */
export const ROLE = {
  owner: 'ORG_OWNER',
  userManager: 'ORG_USER_MANAGER',
  machineUser: 'GENERIC_MACHINE_USER',
} as const;

export const AppNameHeader = Type.Object({
  'x-app-name': Type.String({ description: 'The app (product instance) whose data the call reads and writes.' }),
});

export const AuthHeaders = Type.Object({
  'x-app-name': Type.String({ description: 'The app (product instance) whose data the call reads and writes.' }),
  authorization: Type.Optional(
    Type.String({ description: 'Bearer <token>. When present, the session-token cookie is ignored.' }),
  ),
  cookie: Type.Optional(
    Type.String({ description: 'session-token=<token>, read only when there is no Authorization header.' }),
  ),
});

export const OrgIdParams = Type.Object({ orgId: Type.String({ examples: ['281185056586736799'] }) });

export const UpdateOrganizationBody = Type.Object(
  {
    metadata: Type.Record(Type.String({ minLength: 1 }), Type.String(), {
      description: 'Keys to add or update; other keys stay.',
    }),
  },
  { additionalProperties: false, title: 'UpdateOrganizationBody' },
);
export type UpdateOrganizationBody = Static<typeof UpdateOrganizationBody>;

export const MachineUserTokenBody = Type.Object(
  {
    clientId: Type.String(),
    clientSecret: Type.String(),
  },
  { title: 'MachineUserTokenBody' },
);
export type MachineUserTokenBody = Static<typeof MachineUserTokenBody>;

export const MachineUserToken = Type.Object(
  {
    token: Type.String({ description: 'JWT, issuer orgmock:razi' }),
    expiresInSeconds: Type.Integer({ examples: [43199] }),
  },
  { title: 'MachineUserToken' },
);
export type MachineUserToken = Static<typeof MachineUserToken>;

export const SignUpBody = Type.Object(
  {
    email: Type.String({ format: 'email' }),
    password: Type.String({ minLength: 8 }),
    firstName: Type.Optional(Type.String()),
    lastName: Type.Optional(Type.String()),
    phoneNumber: Type.Optional(Type.String()),
    metadata: Type.Optional(StringMap),
    verificationUrl: Type.Optional(Type.String()),
  },
  { title: 'SignUpBody' },
);
export type SignUpBody = Static<typeof SignUpBody>;

export const SignInBody = Type.Object(
  {
    email: Type.String(),
    password: Type.String(),
  },
  { title: 'SignInBody' },
);
export type SignInBody = Static<typeof SignInBody>;

export const Session = Type.Object(
  {
    sessionId: Type.String(),
    sessionToken: Type.String({ description: 'JWT, issuer orgmock:razi; also set as the session-token cookie' }),
    userId: Type.String(),
  },
  { title: 'Session' },
);
export type Session = Static<typeof Session>;

export const Message = Type.Object({ message: Type.String() }, { title: 'Message' });

export const Organization = Type.Object({
  id: NumericId,
  name: Type.String(),
  metadata: StringMap,
});
export type Organization = Static<typeof Organization>;

const FixtureOrg = Type.Object(
  {
    id: NumericId,
    name: Type.String(),
    metadata: StringMap,
  },
  { additionalProperties: false },
);

const FixtureMachineUser = Type.Object(
  {
    id: NumericId,
    clientId: Type.String({ minLength: 1 }),
    clientSecret: Type.String({ minLength: 1 }),
    /** Orgs it is a `GENERIC_MACHINE_USER` of. */
    orgIds: Type.Array(NumericId),
  },
  { additionalProperties: false },
);

const FixtureUser = Type.Object(
  {
    id: NumericId,
    email: Type.String({ minLength: 3 }),
    password: Type.String({ minLength: 1 }),
    firstName: Type.String(),
    lastName: Type.String(),
    memberships: Type.Array(
      Type.Object(
        {
          orgId: NumericId,
          role: Type.String({ minLength: 1, description: 'ORG_OWNER, ORG_USER_MANAGER or a custom role' }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const RaziFixtures = Type.Object(
  {
    apps: Type.Array(
      Type.Object(
        {
          name: Type.String({ minLength: 1 }),
          orgs: Type.Array(FixtureOrg),
          machineUsers: Type.Array(FixtureMachineUser),
          users: Type.Array(FixtureUser),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type RaziFixtures = Static<typeof RaziFixtures>;
