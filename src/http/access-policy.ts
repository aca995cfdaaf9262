import { isHostAllowed } from 'host-validation-middleware';

/**
 * Which `Host` names orgmock answers and which page origins may use it from a
 * browser. The rules are Vite's dev server's (`server.allowedHosts`, `server.cors`):
 *
 * - Host: `localhost`, `*.localhost` and every IP address are always answered
 *   (a DNS-rebinding page reaches orgmock under a name it controls, never under an
 *   IP literal), plus the address orgmock was told to listen on, plus the names
 *   added (`.example.test` also covers its subdomains, as in Vite).
 * - Origin: any port of `localhost`, `*.localhost`, `127.0.0.1`, `[::1]`, http or
 *   https; plus the origins or `*` patterns added. `null` never.
 * - A page served by orgmock itself (its Origin names the Host it was sent to) is
 *   same-origin, and allowed wherever that Host is allowed by name.
 */
export interface AccessOptions {
  /** The address orgmock listens on (`--host`): answered as a Host unless it is a wildcard. */
  host?: string;
  /** Host names answered besides the defaults (`.name` covers subdomains); `true` answers any (DNS rebinding!). */
  allowedHosts?: readonly string[] | true;
  /** Page origins allowed besides the defaults: exact (`http://app.test:3000`) or with `*` (`https://*.app.test`, `*`). */
  corsOrigins?: readonly string[];
}

/** Vite's `defaultAllowedOrigins`: loopback pages, any port, http or https. */
const LOOPBACK_ORIGIN = /^https?:\/\/(?:(?:[^:]+\.)?localhost|127\.0\.0\.1|\[::1\])(?::\d+)?$/;
const WILDCARD_ADDRESSES = new Set(['', '0.0.0.0', '::', '[::]', '0000:0000:0000:0000:0000:0000:0000:0000']);
/** Verdicts remembered per Host value; a client that sends endless distinct ones only refills it. */
const HOST_CACHE_SIZE = 256;

export class AccessPolicy {
  private readonly anyHost: boolean;
  private readonly hostNames: readonly string[];
  private readonly originPatterns: readonly RegExp[];
  private readonly hostVerdicts = new Map<string, boolean>();

  constructor(options: AccessOptions = {}) {
    this.anyHost = options.allowedHosts === true;
    const names = options.allowedHosts === true ? [] : [...(options.allowedHosts ?? [])].map(normalizeHostPattern);
    const listen = normalizeHostPattern(options.host ?? '');
    if (!WILDCARD_ADDRESSES.has(listen)) names.push(listen);
    this.hostNames = names.filter((n) => n !== '');
    this.originPatterns = (options.corsOrigins ?? []).map(originPattern).filter((p) => p !== undefined);
  }

  /** Whether orgmock answers a request sent to this Host (header or HTTP/2 `:authority`). */
  hostAllowed(host: string | undefined): boolean {
    if (this.anyHost || host === undefined) return true;
    return this.namedHostAllowed(host);
  }

  /** The Host check without `allowedHosts: true`: what a same-origin page's Host must pass. */
  private namedHostAllowed(host: string): boolean {
    const known = this.hostVerdicts.get(host);
    if (known !== undefined) return known;
    const verdict = isHostAllowed(host.toLowerCase(), this.hostNames);
    if (this.hostVerdicts.size >= HOST_CACHE_SIZE) this.hostVerdicts.clear();
    this.hostVerdicts.set(host, verdict);
    return verdict;
  }

  /** Whether a page of this origin may read answers and use `/__admin` (for a request sent to `host`). */
  originAllowed(origin: string, host: string | undefined): boolean {
    if (origin === 'null') return false;
    if (LOOPBACK_ORIGIN.test(origin)) return true;
    for (const p of this.originPatterns) if (p.test(origin)) return true;
    return host !== undefined && sameOrigin(origin, host) && this.namedHostAllowed(host);
  }
}

/** `*.example.test` is Vite's `.example.test`; names compare in lower case. */
function normalizeHostPattern(name: string): string {
  const trimmed = name.trim().toLowerCase();
  return trimmed.startsWith('*.') ? trimmed.slice(1) : trimmed;
}

/** An origin or `*` pattern as a whole-string match; `*` spans anything but a `/`. */
function originPattern(pattern: string): RegExp | undefined {
  const p = pattern.trim().replace(/\/+$/, '');
  if (p === '' || p === 'null') return undefined;
  if (p === '*') return /^[a-z][a-z0-9+.-]*:\/\/[^/]+$/i;
  const source = p
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]*');
  return new RegExp(`^${source}$`, 'i');
}

function sameOrigin(origin: string, host: string): boolean {
  const at = origin.indexOf('://');
  return at > 0 && origin.slice(at + 3).toLowerCase() === host.toLowerCase();
}
