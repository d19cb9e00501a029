import type { Attributes } from '@opentelemetry/api';

/** The service and instance a resource names. */
export interface ResourceIdentity {
  readonly service: string;
  readonly instance: string;
}

/** Service of a resource without a usable `service.name`, as OTel names it. */
export const UNKNOWN_SERVICE = 'unknown_service';

const ATTR_SERVICE_NAME = 'service.name';
const ATTR_SERVICE_INSTANCE_ID = 'service.instance.id';
const ATTR_HOST_NAME = 'host.name';
const ATTR_PROCESS_PID = 'process.pid';

/**
 * Works out, and caches per resource object, the service and instance
 * identity of spans: `service.name` (else {@link UNKNOWN_SERVICE}); the
 * instance is `service.instance.id` when present, else `host.name:process.pid`
 * when the resource has both, else `fallbackInstance`. The cache is a
 * WeakMap on the resource, so the hot path builds no strings per span and a
 * resource no one holds is dropped with its entry.
 */
export class ResourceIdentities {
  private readonly cache = new WeakMap<object, ResourceIdentity>();
  /** The last resource asked about, and its identity: a process's spans share one resource. */
  private lastResource: object | undefined;
  private lastIdentity: ResourceIdentity | undefined;

  constructor(
    /** The instance of resources that name none: the caller's own, or one for a remote sender. */
    readonly fallbackInstance: string,
  ) {}

  /** The identity of `resource`, from the cache after the first time. */
  of(resource: { readonly attributes: Attributes }): ResourceIdentity {
    // A pointer compare first: a WeakMap look-up per span costs more than the rest of the mapping.
    if (resource === this.lastResource && this.lastIdentity !== undefined) return this.lastIdentity;
    let identity = this.cache.get(resource);
    if (identity === undefined) {
      identity = identityOf(resource.attributes, this.fallbackInstance);
      this.cache.set(resource, identity);
    }
    this.lastResource = resource;
    this.lastIdentity = identity;
    return identity;
  }
}

/** The identity resource attributes name, uncached (see {@link ResourceIdentities}). */
export function identityOf(attributes: Attributes, fallbackInstance: string): ResourceIdentity {
  const name = attributes[ATTR_SERVICE_NAME];
  const id = attributes[ATTR_SERVICE_INSTANCE_ID];
  const host = attributes[ATTR_HOST_NAME];
  const pid = attributes[ATTR_PROCESS_PID];
  const hasPid = (typeof pid === 'number' && Number.isFinite(pid)) || isName(pid);
  return {
    service: isName(name) ? name : UNKNOWN_SERVICE,
    instance: isName(id)
      ? id
      : isName(host) && hasPid
        ? `${host}:${String(pid)}`
        : fallbackInstance,
  };
}

function isName(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}
