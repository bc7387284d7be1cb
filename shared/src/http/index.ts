export { startServer, type RunningServer, type StartServerOptions } from './start-server.ts';
export { databaseCheck, healthHandler, type HealthCheck } from './health.ts';
export { onShutdown } from './shutdown.ts';
