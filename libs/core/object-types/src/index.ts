export * from './field-rule';
export * from './object-type-registry';
export * from './netbox-nautobot-types';
