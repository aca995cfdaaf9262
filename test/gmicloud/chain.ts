import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { decodeJwt } from 'jose';

export const ORG = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11';
export const OWNER = {
  email: 'owner@gmi.example',
  password: 'owner-password',
  id: '5d9c3b1e-7a2f-4c4e-9b1d-0f6e2a8c4b01',
};
export const MEMBER = {
  email: 'member@gmi.example',
  password: 'member-password',
  id: '5d9c3b1e-7a2f-4c4e-9b1d-0f6e2a8c4b02',
};
export const OUTSIDER = {
  email: 'outsider@gmi.example',
  password: 'outsider-password',
  id: '5d9c3b1e-7a2f-4c4e-9b1d-0f6e2a8c4b03',
};
export const CLIENT = { 'ce-clientid': 'web1' };
export const json = { 'content-type': 'application/json' };

type Call = (opts: InjectOptions) => Promise<LightMyRequestResponse>;

/** The documented chain: POST /me/auth-tokens, then POST /me/sessions. */
export async function signIn(call: Call, user: { email: string; password: string }, clientId = CLIENT['ce-clientid']) {
  const step1 = await call({
    method: 'POST',
    url: '/me/auth-tokens',
    headers: json,
    payload: { email: user.email, password: user.password },
  });
  const { authToken } = step1.json() as { authToken: string };
  const step2 = await call({
    method: 'POST',
    url: '/me/sessions',
    headers: { ...json, 'ce-clientid': clientId },
    payload: { authToken },
  });
  return { authToken, ...(step2.json() as { accessToken: string; refreshToken: string }) };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
export const claims = (token: string) => decodeJwt(token);
