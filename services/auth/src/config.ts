import { Type } from '@sinclair/typebox';
import { loadConfig, type ConfigOf, type ConfigSpec } from '@photocloud/kit';

const Port = Type.Integer({ minimum: 0, maximum: 65535 });

/** Configuration of the auth service; every key has a working default for one machine. */
export const authConfigSpec = {
  apiUrl: { env: 'API_URL', schema: Type.String({ format: 'uri' }), default: 'http://localhost:8080', description: 'public base URL: the access-token issuer and the base of emailed links' },
  port: { env: 'AUTH_PORT', schema: Port, default: 0, description: 'auth service port (0: a free loopback port, reached through the gateway)' },
  host: { env: 'AUTH_HOST', schema: Type.String({ minLength: 1 }), default: '127.0.0.1', description: 'address the auth service listens on' },
  trustProxy: { env: 'AUTH_TRUST_PROXY', schema: Type.String({ minLength: 1 }), default: 'loopback', description: 'proxies whose X-Forwarded-For/-Proto are believed (fastify trustProxy: addresses, CIDRs, "loopback")' },
  dataDir: { env: 'DATA_DIR', schema: Type.String({ minLength: 1 }), default: './data', description: 'data directory; auth keeps DATA_DIR/auth/auth.db and DATA_DIR/auth/jwt-secret' },
  databaseUrl: { env: 'DATABASE_URL', schema: Type.String({ pattern: '^postgres(ql)?://', description: 'a postgres:// URL' }), description: 'PostgreSQL URL (schema auth); absent: SQLite at DATA_DIR/auth/auth.db' },
  jwtSecret: {
    env: 'JWT_SECRET',
    schema: Type.String({ minLength: 32, maxLength: 512 }),
    secret: true,
    description: 'encrypts the private JWT signing keys stored in the database (AES-256-GCM); generated into DATA_DIR/auth/jwt-secret when absent. Set the same value on every instance sharing a PostgreSQL database',
  },
  smtpHost: { env: 'SMTP_HOST', schema: Type.String({ minLength: 1 }), description: 'SMTP server; absent: emailed links are written to the log instead' },
  smtpPort: { env: 'SMTP_PORT', schema: Port, default: 587, description: 'SMTP port' },
  smtpUser: { env: 'SMTP_USER', schema: Type.String(), description: 'SMTP user name' },
  smtpPass: { env: 'SMTP_PASS', schema: Type.String(), secret: true, description: 'SMTP password' },
  smtpFrom: { env: 'SMTP_FROM', schema: Type.String({ minLength: 3 }), default: 'PhotoCloud <no-reply@localhost>', description: 'sender of the emails' },
  smtpSecure: { env: 'SMTP_SECURE', schema: Type.Boolean(), default: false, description: 'TLS from the first byte (port 465); false: STARTTLS when offered' },
  adminEmails: {
    env: 'ADMIN_EMAILS',
    schema: Type.String({ maxLength: 10_000 }),
    default: '',
    description: 'comma-separated addresses whose accounts get the admin role (bucket management) when they sign in with that address verified; `photocloud admin promote` does it for one account',
  },
  magicLinkSignup: { env: 'MAGIC_LINK_SIGNUP', schema: Type.Boolean(), default: true, description: 'a magic link asked for an unknown email creates the account' },
  accessTokenTtl: { env: 'ACCESS_TOKEN_TTL', schema: Type.Integer({ minimum: 30, maximum: 3600 }), default: 900, description: 'access-token lifetime in seconds' },
  refreshTokenTtl: { env: 'REFRESH_TOKEN_TTL', schema: Type.Integer({ minimum: 300 }), default: 30 * 86400, description: 'seconds a session lasts without use (each refresh extends it)' },
  keyRotationDays: { env: 'SIGNING_KEY_ROTATION_DAYS', schema: Type.Integer({ minimum: 1, maximum: 365 }), default: 30, description: 'days a signing key signs before a new one replaces it' },
  cookieSecure: {
    env: 'COOKIE_SECURE',
    schema: Type.Union([Type.Literal('auto'), Type.Literal('always'), Type.Literal('never')]),
    default: 'auto',
    description: 'Secure flag of the refresh cookie (auto: when the request came over HTTPS)',
  },
  rpId: { env: 'RP_ID', schema: Type.String({ minLength: 1, maxLength: 253 }), description: 'WebAuthn relying-party id (a domain); absent: the host name of API_URL' },
  rpOrigin: { env: 'RP_ORIGIN', schema: Type.String({ format: 'uri' }), description: 'origin the web app runs on, checked in passkey ceremonies; absent: the origin of API_URL' },
  rpName: { env: 'RP_NAME', schema: Type.String({ minLength: 1, maxLength: 64 }), default: 'PhotoCloud', description: 'name the browser shows when creating a passkey' },
  googleClientId: { env: 'GOOGLE_CLIENT_ID', schema: Type.String({ minLength: 1 }), description: 'OAuth client id of the Google sign-in button (the id token audience); absent: no Google sign-in' },
  googleJwksUrl: { env: 'GOOGLE_JWKS_URL', schema: Type.String({ format: 'uri' }), default: 'https://www.googleapis.com/oauth2/v3/certs', description: 'TESTS ONLY: where Google publishes its signing keys' },
  googleIssuer: { env: 'GOOGLE_ISSUER', schema: Type.String({ minLength: 1 }), description: 'TESTS ONLY: an extra accepted id-token issuer besides accounts.google.com' },
  franceConnectIssuer: {
    env: 'FRANCECONNECT_ISSUER',
    schema: Type.String({ format: 'uri' }),
    default: 'https://fcp-low.integ01.dev-franceconnect.fr/api/v2',
    description: 'FranceConnect issuer (default: the integration environment)',
  },
  franceConnectClientId: { env: 'FRANCECONNECT_CLIENT_ID', schema: Type.String({ minLength: 1 }), description: 'FranceConnect client id; absent: no FranceConnect button' },
  franceConnectClientSecret: { env: 'FRANCECONNECT_CLIENT_SECRET', schema: Type.String({ minLength: 1 }), secret: true, description: 'FranceConnect client secret' },
  franceConnectRedirectUri: { env: 'FRANCECONNECT_REDIRECT_URI', schema: Type.String({ format: 'uri' }), description: 'registered callback; absent: API_URL + /auth/franceconnect/callback' },
  franceConnectPostLogoutRedirectUri: { env: 'FRANCECONNECT_POST_LOGOUT_REDIRECT_URI', schema: Type.String({ format: 'uri' }), description: 'registered post-logout page; absent: API_URL + /' },
  franceConnectScopes: { env: 'FRANCECONNECT_SCOPES', schema: Type.String({ minLength: 6 }), default: 'openid given_name family_name birthdate email', description: 'scopes asked of FranceConnect' },
  franceConnectAlg: {
    env: 'FRANCECONNECT_ALG',
    schema: Type.Union([Type.Literal('ES256'), Type.Literal('RS256')]),
    default: 'ES256',
    description: 'signature algorithm of the id_token and of the userinfo JWT, as registered with FranceConnect',
  },
  franceConnectPkce: { env: 'FRANCECONNECT_PKCE', schema: Type.Boolean(), default: false, description: 'send a PKCE challenge (FranceConnect does not document it)' },
  credentialsProvider: {
    env: 'CREDENTIALS_PROVIDER',
    schema: Type.Union([Type.Literal('embedded'), Type.Literal('presigned')]),
    default: 'presigned',
    description: 'what GET /credentials hands out: embedded (temporary keys from the built-in S3 service STS) or presigned (no keys: use the API\'s presigned URLs)',
  },
  s3Endpoint: { env: 'S3_ENDPOINT', schema: Type.String({ format: 'uri' }), default: 'http://127.0.0.1:9000', description: 'S3 endpoint clients use (and the STS endpoint of the embedded provider)' },
  s3Bucket: { env: 'S3_BUCKET', schema: Type.String({ pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$', description: 'an S3 bucket name' }), default: 'photocloud', description: 'the photo bucket' },
  s3StsEndpoint: { env: 'S3_STS_ENDPOINT', schema: Type.String({ format: 'uri' }), description: 'where the auth service reaches the STS of the embedded S3 service; absent: S3_ENDPOINT' },
  s3StsAudience: { env: 'S3_STS_AUDIENCE', schema: Type.String({ minLength: 1 }), default: 'photocloud-api', description: 'audience of the web-identity token sent to the STS (same variable as the S3 service\'s)' },
  credentialsTtl: { env: 'CREDENTIALS_TTL', schema: Type.Integer({ minimum: 900, maximum: 43200 }), default: 3600, description: 'lifetime in seconds of the storage credentials from GET /credentials' },
  s3Region: { env: 'S3_REGION', schema: Type.String({ minLength: 1 }), default: 'us-east-1', description: 'S3 region' },
} satisfies ConfigSpec;

export type AuthConfig = ConfigOf<typeof authConfigSpec>;

export function loadAuthConfig(env: NodeJS.ProcessEnv): AuthConfig {
  return loadConfig(authConfigSpec, env);
}
