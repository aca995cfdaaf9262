/**
 * The longest lifetime a minted credential may be given, either way (100 years).
 * A JWT's `exp` and a key's expiry are dates: far beyond this they overflow
 * JavaScript's Date (±8.64e15 ms) and the credential could never be checked.
 */
export const EXPIRES_IN_MAX = 100 * 365 * 24 * 3600;
