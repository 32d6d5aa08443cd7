export * from './nautobot-auth';
export * from './nautobot-variants';
export * from './nautobot.adapter';
