/**
 * Thrown by a provider's `mintToken` when the identity names nothing it knows:
 * the admin API answers it with a 404. Any other error thrown there is a bug,
 * answered with a 500.
 */
export class UnknownIdentity extends Error {}
