import { Type } from '@sinclair/typebox';
import type { ConfigOf } from '@photocloud/kit';

const Port = Type.Integer({ minimum: 0, maximum: 65535 });
const Url = Type.String({ format: 'uri' });

export const gatewayConfigSpec = {
  port: { env: 'PORT', schema: Port, default: 8080, description: 'Port of the single entry point (web app + API)' },
  host: { env: 'HOST', schema: Type.String({ minLength: 1 }), default: '127.0.0.1', description: 'Address to listen on (0.0.0.0 to reach it from other machines)' },
  apiUrl: { env: 'API_URL', schema: Url, default: 'http://localhost:8080', description: 'Public base URL of the API; also the access-token issuer' },
  authUrl: { env: 'AUTH_URL', schema: Url, description: 'Auth service base URL (set when it runs apart; all-in-one fills it in)' },
  galleryUrl: { env: 'GALLERY_URL', schema: Url, description: 'Gallery service base URL (set when it runs apart; all-in-one fills it in)' },
  corsOrigins: { env: 'CORS_ORIGINS', schema: Type.String(), default: '', description: 'Comma-separated origins allowed to call the API from a browser (empty: same origin only)' },
  rateLimitPerMinute: { env: 'RATE_LIMIT_PER_MINUTE', schema: Type.Integer({ minimum: 1 }), default: 1200, description: 'Requests per minute per client IP across the API' },
  trustProxy: { env: 'TRUST_PROXY', schema: Type.Boolean(), default: false, description: 'Trust X-Forwarded-* from a reverse proxy in front' },
  logLevel: { env: 'LOG_LEVEL', schema: Type.Union([Type.Literal('fatal'), Type.Literal('error'), Type.Literal('warn'), Type.Literal('info'), Type.Literal('debug'), Type.Literal('trace'), Type.Literal('silent')]), default: 'info', description: 'Log level' },
} as const;

export type GatewayConfig = ConfigOf<typeof gatewayConfigSpec>;
