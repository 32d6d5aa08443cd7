export * from './netbox-auth';
