export { AppError, ConfigError, ValidationError } from './app-error.ts';
