export { createRuntimeScript, type RuntimeScript } from './script.ts';
export {
  buildRuntimeConfig,
  inlineJson,
  RUNTIME_EVENT_PATH,
  RUNTIME_SCRIPT_PATH,
  type RuntimeConfig,
} from './config.ts';
