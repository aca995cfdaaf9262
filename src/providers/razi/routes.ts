import type { FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import type { OrgMockContext } from '../../context.js';
import {
  AppNameHeader,
  AuthHeaders,
  MachineUserToken,
  MachineUserTokenBody,
  Message,
  OrgIdParams,
  Session,
  SignInBody,
  SignUpBody,
  UpdateOrganizationBody,
} from './schemas.js';
import { raziErrors } from './errors.js';
import { authenticate, requireApp } from './auth.js';
import {
  readBody,
  validateMachineUserToken,
  validateSignIn,
  validateSignUp,
  validateUpdateOrganization,
} from './validate.js';
import {
  KIND,
  VENDOR,
  appExists,
  createUser,
  emailLookup,
  findMachineUser,
  findUserByLogin,
  mayUpdateOrg,
  mergeOrgMetadata,
} from './model.js';
import { issueMachineToken, issueSession, setSessionCookie } from './sessions.js';

const tags = ['razi'];

export async function raziRoutes(app: FastifyInstance, ctx: OrgMockContext): Promise<void> {
  // Registered in Razi's scope only: no other vendor reads or sets cookies.
  await app.register(cookie);
  const { store, tokens } = ctx;
  // Apps are seeded data: one seeded at runtime is served at once.
  const apps = { has: (name: string) => appExists(store, name) };

  app.post(
    '/v1/authentication/machine-users/access-token',
    {
      schema: {
        tags,
        summary: 'Machine user token',
        headers: AppNameHeader,
        body: MachineUserTokenBody,
        response: { 200: MachineUserToken, 400: Message, 401: Message },
      },
    },
    async (req) => {
      const appName = requireApp(req, apps);
      const body = validateMachineUserToken(readBody(req));
      const machineUserId = findMachineUser(store, appName, body.clientId, body.clientSecret);
      if (!machineUserId)
        throw raziErrors
          .invalidClient()
          .because(
            store.findIdentity(VENDOR, KIND.machineUser, body.clientId, appName)
              ? `wrong clientSecret for machine user ${body.clientId} in app ${appName}`
              : `app ${appName} has no machine user with clientId ${body.clientId}`,
          );
      return issueMachineToken(tokens, appName, machineUserId);
    },
  );

  app.post(
    '/v1/authentication/users',
    {
      schema: {
        tags,
        summary: 'Sign up a user (joins no organization)',
        headers: AppNameHeader,
        body: SignUpBody,
        response: { 201: Session, 400: Message, 409: Message },
      },
    },
    async (req, reply) => {
      const appName = requireApp(req, apps);
      const body = validateSignUp(readBody(req));
      const userId = createUser(
        store,
        appName,
        {
          email: body.email,
          firstName: body.firstName ?? '',
          lastName: body.lastName ?? '',
          phoneNumber: body.phoneNumber,
          metadata: body.metadata ?? {},
          isEmailVerified: false,
          verificationUrl: body.verificationUrl,
        },
        body.password,
      );
      if (!userId) throw raziErrors.emailTaken().because(`app ${appName} already has a user with email ${body.email}`);
      const session = await issueSession(tokens, appName, userId);
      setSessionCookie(reply, session.sessionToken);
      return reply.code(201).send(session);
    },
  );

  app.post(
    '/v1/authentication/sessions',
    {
      schema: {
        tags,
        summary: 'Sign in by email and password (orgmock path: the vendor page is not public)',
        headers: AppNameHeader,
        body: SignInBody,
        response: { 200: Session, 400: Message, 401: Message },
      },
    },
    async (req, reply) => {
      const appName = requireApp(req, apps);
      const body = validateSignIn(readBody(req));
      const userId = findUserByLogin(store, appName, body.email, body.password);
      if (!userId)
        throw raziErrors
          .invalidLogin()
          .because(
            store.findIdentity(VENDOR, KIND.user, emailLookup(body.email), appName)
              ? `wrong password for ${body.email} in app ${appName}`
              : `app ${appName} has no user with email ${body.email}`,
          );
      const session = await issueSession(tokens, appName, userId);
      setSessionCookie(reply, session.sessionToken);
      return session;
    },
  );

  app.patch<{ Params: { orgId: string } }>(
    '/v1/authorization/organizations/:orgId',
    {
      schema: {
        tags,
        summary: 'Update organization metadata',
        headers: AuthHeaders,
        params: OrgIdParams,
        body: UpdateOrganizationBody,
        response: { 200: Message, 400: Message, 401: Message, 403: Message, 404: Message },
      },
    },
    async (req) => {
      // A body parser would refuse malformed JSON before any guard; field checks come after authentication.
      const appName = requireApp(req, apps);
      const raw = readBody(req);
      const caller = await authenticate(req, ctx, appName);
      const { metadata } = validateUpdateOrganization(raw);
      const { orgId } = req.params;
      // An unknown org is a 404 before the caller's role is looked at.
      const updated = mergeOrgMetadata(store, appName, orgId, metadata, () => {
        if (!mayUpdateOrg(store, appName, orgId, caller.id)) {
          const role = store.getRole(VENDOR, appName, orgId, caller.id);
          const who = caller.kind === 'machine' ? `machine user ${caller.id}` : `user ${caller.id}`;
          throw raziErrors
            .forbidden()
            .because(
              role === undefined
                ? `${who} has no role in org ${orgId}; a machine user, ORG_OWNER or ORG_USER_MANAGER of it is required`
                : `${who} has role ${role} in org ${orgId}; ORG_OWNER or ORG_USER_MANAGER is required`,
            );
        }
      });
      if (!updated) throw raziErrors.orgNotFound(orgId).because(`app ${appName} has no org ${orgId}`);
      return { message: 'Organization Data Updated' };
    },
  );
}
