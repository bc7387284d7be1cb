export { loadSyncWorkerConfig, syncWorkerEnvShape, type SyncWorkerConfig } from './config.ts';
export { openSyncDeps, settingsFrom } from './build-deps.ts';
export { runLeasedPass, runOnce, type PassResult, type SyncDeps } from './run-pass.ts';
export { runWorkerLoop } from './worker-loop.ts';
export { DATASET_SYNCS, DATASET_INTERVAL_MS } from './datasets/index.ts';
export { syncOnce, SyncOnceError } from './sync-once.ts';
