export * from './netbox-auth';
export * from './netbox-variants';
export * from './netbox.adapter';
