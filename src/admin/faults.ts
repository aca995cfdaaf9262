import { Type, type Static } from '@sinclair/typebox';
import type { Provider } from '../providers/types.js';
import type { VendorError } from '../providers/vendor-error.js';
import { AdminError } from './errors.js';

export const FaultSpec = Type.Object(
  {
    vendor: Type.String({ description: "a vendor's name, as `GET /__admin/state` lists them" }),
    route: Type.Optional(Type.String({ description: 'route pattern (`/v1/org/:org_id`) or path prefix (`/v1/org`)' })),
    method: Type.Optional(Type.String()),
    orgId: Type.Optional(Type.String({ description: 'matches when any path parameter equals it' })),
    count: Type.Optional(Type.Integer({ minimum: 1, description: 'how many requests it hits; forever when absent' })),
    error: Type.Optional(
      Type.String({
        description:
          "one of the vendor's named errors (its Provider's `faults`); a wrong name is refused with the list",
      }),
    ),
    delayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 600_000 })),
  },
  { additionalProperties: false },
);
export type FaultSpec = Static<typeof FaultSpec>;

/**
 * The vendor's named error of that name: an own entry of its table only, never
 * something every object inherits (`constructor`, `toString`, `__proto__`).
 */
export function namedFault(provider: Provider, name: string): (() => VendorError) | undefined {
  return Object.hasOwn(provider.faults, name) ? provider.faults[name] : undefined;
}

export interface Fault extends FaultSpec {
  id: number;
  /** Requests still to hit; undefined is unlimited. */
  remaining?: number;
  hits: number;
}

/**
 * What a fault is matched against: a Fastify request fits as it is; a call that
 * Fastify never sees (a gRPC call over HTTP/2) describes itself the same way.
 */
export interface FaultTarget {
  method: string;
  url: string;
  /** Path parameters, matched by `orgId`. */
  params?: unknown;
  /** The route pattern (`/v1/org/:org_id`), when there is one. */
  routeOptions?: { url?: string };
}

/**
 * Refuses a fault that could never act as asked: an unknown vendor or error
 * name, or neither an error nor a delay. `POST /__admin/faults` and the
 * harness's `inject` both check with it.
 */
export function checkFault(providers: readonly Provider[], spec: FaultSpec): void {
  const provider = providers.find((p) => p.name === spec.vendor);
  if (!provider)
    throw AdminError.badRequest(
      `unknown vendor ${JSON.stringify(spec.vendor)}; one of ${providers.map((p) => p.name).join(', ')}`,
      'ORGMOCK_UNKNOWN_VENDOR',
    );
  if (spec.error === undefined && spec.delayMs === undefined)
    throw AdminError.badRequest('a fault needs an error, a delayMs, or both');
  if (spec.error !== undefined && !namedFault(provider, spec.error))
    throw AdminError.badRequest(
      `unknown error ${JSON.stringify(spec.error)} for ${provider.name}; one of ${Object.keys(provider.faults).join(', ')}`,
      'ORGMOCK_UNKNOWN_ERROR_NAME',
    );
}

/** Injected faults of one app instance: a delay, a vendor error, or both. */
export class FaultRegistry {
  private faults: Fault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): Fault {
    const fault: Fault = { ...spec, id: this.nextId++, remaining: spec.count, hits: 0 };
    this.faults.push(fault);
    return fault;
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /** Removes one fault; false when there is none with that id (used up, cleared, never added). */
  remove(id: number): boolean {
    const index = this.faults.findIndex((f) => f.id === id);
    if (index < 0) return false;
    this.faults.splice(index, 1);
    return true;
  }

  clear(): void {
    this.faults = [];
  }

  get active(): boolean {
    return this.faults.length > 0;
  }

  /** The first fault that matches this request; its count is used up here. */
  take(vendor: string, req: FaultTarget): Fault | undefined {
    const path = req.url.split('?')[0]!;
    const params = Object.values((req.params ?? {}) as Record<string, unknown>);
    const index = this.faults.findIndex(
      (f) =>
        f.vendor === vendor &&
        (f.method === undefined || f.method.toUpperCase() === req.method) &&
        (f.route === undefined ||
          f.route === req.routeOptions?.url ||
          path === f.route ||
          path.startsWith(f.route.endsWith('/') ? f.route : `${f.route}/`)) &&
        (f.orgId === undefined || params.includes(f.orgId)),
    );
    if (index < 0) return undefined;
    const fault = this.faults[index]!;
    fault.hits += 1;
    if (fault.remaining !== undefined) {
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.faults.splice(index, 1);
    }
    return { ...fault };
  }
}
