import type { JWTPayload } from 'jose';
import type { Clock } from '../clock.js';

export type { JWTPayload };

export interface SignOptions {
  /** Which vendor issued it: a token of one vendor is never accepted by another. */
  issuer: string;
  subject: string;
  /** Lifetime in seconds; negative makes an already-expired token (for tests). */
  expiresIn: number;
  audience?: string;
}

interface VerifiedToken {
  issuer: string;
  audience: string | undefined;
  claims: Readonly<JWTPayload>;
}

export type VerifyFailure = 'malformed' | 'expired' | 'invalid';
export type VerifyResult =
  | { ok: true; claims: Readonly<JWTPayload> }
  /** `detail` says why in plain words (`token expired 42 s ago`), for the journal's why-refused. */
  | { ok: false; reason: VerifyFailure; detail: string };

/** How many verified tokens are remembered; a test run uses a handful, a soak run is bounded by this. */
const VERIFIED_CACHE_SIZE = 1024;

/**
 * Signs and verifies the JWTs every vendor hands out, with HS256 and a secret that
 * belongs to one app instance (random unless configured), against the injected clock.
 */
export class TokenService {
  private readonly key: Uint8Array;
  /**
   * Tokens whose signature and claims were already checked, by issuer, audience
   * and token: a client sends the same token on every call, and jose's WebCrypto
   * HMAC is most of a request's cost. Only the time claims can change their
   * verdict, so a hit checks them again against the clock.
   */
  private readonly verified = new Map<string, VerifiedToken>();
  /** jose is loaded on the first token, not at start-up: its dozens of modules weigh on every cold start. */
  private jose?: Promise<typeof import('jose')>;

  constructor(
    secret: string,
    private readonly clock: Clock,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  private loadJose(): Promise<typeof import('jose')> {
    this.jose ??= import('jose');
    return this.jose;
  }

  async sign(claims: Record<string, unknown>, opts: SignOptions): Promise<string> {
    const { SignJWT } = await this.loadJose();
    const iat = Math.floor(this.clock.now() / 1000);
    const jwt = new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(opts.issuer)
      .setSubject(opts.subject)
      .setIssuedAt(iat)
      .setExpirationTime(iat + opts.expiresIn)
      .setJti(crypto.randomUUID());
    if (opts.audience) jwt.setAudience(opts.audience);
    return jwt.sign(this.key);
  }

  async verify(token: string, issuer: string, audience?: string): Promise<VerifyResult> {
    // Keyed by the token as received (no key string to build and hash per request);
    // the issuer and audience it was checked against must match too.
    const known = this.verified.get(token);
    if (known && known.issuer === issuer && known.audience === audience) return this.recheckTimes(known.claims);
    const { jwtVerify, errors: joseErrors } = await this.loadJose();
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer,
        audience,
        algorithms: ['HS256'],
        currentDate: new Date(this.clock.now()),
        clockTolerance: 0,
      });
      if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
      // Every later call with this token shares these claims: frozen.
      const claims = Object.freeze(payload);
      this.verified.set(token, { issuer, audience, claims });
      return { ok: true, claims };
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) return this.expired(err.payload.exp);
      if (err instanceof joseErrors.JWSInvalid || err instanceof joseErrors.JWTInvalid)
        return { ok: false, reason: 'malformed', detail: 'the token is not a JWT orgmock issued (malformed)' };
      if (err instanceof joseErrors.JWSSignatureVerificationFailed)
        return {
          ok: false,
          reason: 'invalid',
          detail:
            "the token's signature does not match this instance's secret (issued by another orgmock instance, or before a restart without ORGMOCK_TOKEN_SECRET)",
        };
      if (err instanceof joseErrors.JWTClaimValidationFailed) {
        const got = err.payload[err.claim as keyof JWTPayload];
        const shown = got === undefined ? 'none' : JSON.stringify(got);
        if (err.claim === 'iss')
          return {
            ok: false,
            reason: 'invalid',
            detail: `the token was issued by ${shown}, not ${issuer}: a token of another vendor`,
          };
        if (err.claim === 'aud')
          return { ok: false, reason: 'invalid', detail: `the token is for audience ${shown}, not ${audience}` };
        return { ok: false, reason: 'invalid', detail: `the token's ${err.claim} claim is refused: ${err.message}` };
      }
      return { ok: false, reason: 'invalid', detail: `the token is refused: ${(err as Error).message}` };
    }
  }

  private expired(exp: number | undefined): VerifyResult {
    const ago = exp === undefined ? undefined : Math.floor(this.clock.now() / 1000) - exp;
    return { ok: false, reason: 'expired', detail: ago === undefined ? 'token expired' : `token expired ${ago} s ago` };
  }

  /** jose's own time checks (`nbf`, then `exp`, in whole seconds, no tolerance) for a token verified before. */
  private recheckTimes(claims: Readonly<JWTPayload>): VerifyResult {
    const now = Math.floor(this.clock.now() / 1000);
    if (claims.nbf !== undefined && claims.nbf > now)
      return { ok: false, reason: 'invalid', detail: `the token is not valid before ${claims.nbf - now} s from now` };
    if (claims.exp !== undefined && claims.exp <= now) return this.expired(claims.exp);
    return { ok: true, claims };
  }
}
