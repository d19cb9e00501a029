import type { Attributes } from '@opentelemetry/api';
import { identityOf, type ResourceIdentity } from '../reportInputs/ResourceIdentity.js';

/**
 * Works out, and caches per resource object, the service and instance
 * identity of spans: `service.name` (else `unknown_service`); the
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
    /** Told of each new resource object with its identity (the instance timeline's feed). */
    private readonly onResource?: (identity: ResourceIdentity, attributes: Attributes) => void,
  ) {}

  /** The identity of `resource`, from the cache after the first time. */
  of(resource: { readonly attributes: Attributes }): ResourceIdentity {
    // A pointer compare first: a WeakMap look-up per span costs more than the rest of the mapping.
    if (resource === this.lastResource && this.lastIdentity !== undefined) return this.lastIdentity;
    let identity = this.cache.get(resource);
    if (identity === undefined) {
      identity = identityOf(resource.attributes, this.fallbackInstance);
      this.cache.set(resource, identity);
      this.onResource?.(identity, resource.attributes);
    }
    this.lastResource = resource;
    this.lastIdentity = identity;
    return identity;
  }
}
