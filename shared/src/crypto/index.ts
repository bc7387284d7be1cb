export { dummyPasswordHash, hashPassword, passwordProblem, verifyPassword } from './password.ts';
export { createSecretBox, SecretBoxError, type SecretBox, type SecretBoxErrorCode } from './secret-box.ts';
