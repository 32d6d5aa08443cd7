import { NETBOX_NAUTOBOT_TYPES, ObjectTypeRegistry } from '@plumbline/object-types';
import { type CanonicalRecord, RecordSet } from './record';
import { type RecordLine, RecordLoader } from './record-loader';

/** Shared by specs: the default registry and records written the way files hold them. */
export const registry = new ObjectTypeRegistry(NETBOX_NAUTOBOT_TYPES);
const loader = new RecordLoader(registry);

export function record(
  type: string,
  attrs: RecordLine['attrs'] = {},
  refs: RecordLine['refs'] = {},
  extra: Omit<RecordLine, 'type' | 'attrs' | 'refs'> = {},
): CanonicalRecord {
  return loader.toRecord({ type, attrs, refs: { ...refs }, ...extra }, 'test');
}

export function setOf(...records: CanonicalRecord[]): RecordSet {
  return RecordSet.of(records);
}

export const device = (
  name: string,
  attrs: RecordLine['attrs'] = {},
  refs: RecordLine['refs'] = {},
) => record('dcim.device', { name, ...attrs }, refs);

export const iface = (deviceName: string, name: string, attrs: RecordLine['attrs'] = {}) =>
  record('dcim.interface', { name, ...attrs }, { device: deviceName });
