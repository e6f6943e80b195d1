/**
 * npm run bench [-- --quick] [--only=write,read,untracked,export,build,memory] [--write | --no-write]
 *
 * Peers are measured in their production builds (MobX reads NODE_ENV when it is first imported), so the
 * environment is set before anything else is loaded.
 */
process.env.NODE_ENV ??= 'production';

const { main } = await import('./main');
await main(process.argv.slice(2));

export {};
