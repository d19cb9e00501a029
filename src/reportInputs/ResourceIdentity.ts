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

/** The identity resource attributes name, uncached (`ResourceIdentities` in telemetry/ caches it per resource). */
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

/** `service.version` of a resource's attributes, or `''` when it names none. */
export function versionOf(attributes: Attributes): string {
  const version = attributes['service.version'];
  return typeof version === 'string' ? version.slice(0, 64) : '';
}
