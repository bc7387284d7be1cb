export { dummyPasswordHash, hashPassword, passwordProblem, verifyPassword } from './password.ts';
