export { startAuthService, createAuthContext, type AuthServiceOptions, type RunningAuthService, type AuthContext } from './main.ts';
export { buildApp, type AppDeps } from './app.ts';
export { authConfigSpec, loadAuthConfig, type AuthConfig } from './config.ts';
export { DEFAULT_RATE_LIMITS, type RateLimits } from './services/rate-limit.service.ts';
export { ARGON2_PARAMS, MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH } from './services/password.service.ts';
export { openRoleAdmin, type RoleAdmin } from './roles.ts';
