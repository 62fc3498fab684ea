/**
 * The benchmark measures the server as deployed (README "Production settings": NODE_ENV=production).
 * Imported first, before graphql-js reads NODE_ENV at load: in development it runs an extra cross-realm
 * check on every type test of every field (2% of a page's CPU).
 */
process.env.NODE_ENV ??= 'production';
export {};
