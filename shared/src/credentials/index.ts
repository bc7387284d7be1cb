export {
  AccountError,
  createAccountService,
  CREDENTIAL_CONTEXTS,
  type AccountErrorCode,
  type AccountService,
  type AccountServiceDeps,
  type AccountValidators,
  type Actor,
  type CheckOutcome,
  type CredentialCheck,
  type NewAccountInput,
} from './account-service.ts';
export {
  applyPortalSessionPatch,
  normalizePortalSessionInput,
  portalSessionPatchSchema,
  portalSessionSchema,
  portalTokenSchema,
  registerPortalSessionSecrets,
  type PortalSession,
  type PortalSessionPatch,
  type PortalToken,
} from './portal-session.ts';
export { rotateCredentialKeys, type RotationReport } from './rotate-keys.ts';
export { innProblem } from './inn.ts';
export { maskSecret } from './mask.ts';
export {
  createProxySessionValidator,
  PORTAL_SESSION_CHECK_PATH,
  PORTAL_SESSION_FAILURE_CODES,
  portalSessionCheckRequestSchema,
  portalSessionCheckResponseSchema,
  type PortalSessionCheckRequest,
  type PortalSessionCheckResponse,
  type PortalSessionFailureCode,
} from './session-validator.ts';
