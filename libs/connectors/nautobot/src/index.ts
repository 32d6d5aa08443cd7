export * from './nautobot-auth';
