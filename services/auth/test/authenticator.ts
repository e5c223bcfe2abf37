import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { Encoder, type Options } from 'cbor-x';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';

interface StoredCredential {
  id: Buffer;
  privateKey: KeyObject;
  rpId: string;
  userHandle: string;
  counter: number;
}

export interface CeremonyOverrides {
  /** The origin the "browser" reports in clientDataJSON. */
  origin?: string;
  /** The RP id whose hash goes in authenticatorData. */
  rpId?: string;
  /** Use this challenge instead of the one in the options. */
  challenge?: string;
  /** Sign with this counter instead of the next one. */
  counter?: number;
}

// Plain CBOR maps (cbor-x would otherwise wrap a JS Map in tag 259, which WebAuthn parsers refuse).
const cbor = new Encoder({ useTag259ForMaps: false } as Options);
const encode = (value: unknown): Buffer => cbor.encode(value);
const sha256 = (data: Buffer | string): Buffer => createHash('sha256').update(data).digest();
const b64u = (b: Buffer): string => b.toString('base64url');

/**
 * A software passkey authenticator: real P-256 keys, real CBOR attestation objects (fmt "none") and
 * real ES256 assertions, like a platform authenticator answering navigator.credentials.create/get.
 */
export class SoftwareAuthenticator {
  readonly credentials: StoredCredential[] = [];

  constructor(readonly origin: string) {}

  create(options: PublicKeyCredentialCreationOptionsJSON, o: CeremonyOverrides = {}): RegistrationResponseJSON {
    const rpId = o.rpId ?? options.rp.id ?? new URL(this.origin).hostname;
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const cose = encode(
      new Map<number, number | Buffer>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, Buffer.from(jwk.x!, 'base64url')],
        [-3, Buffer.from(jwk.y!, 'base64url')],
      ]),
    );
    const id = randomBytes(16);
    const counter = o.counter ?? 0;
    const idLen = Buffer.alloc(2);
    idLen.writeUInt16BE(id.length);
    // flags: user present (0x01), user verified (0x04), attested credential data (0x40)
    const authData = Buffer.concat([sha256(rpId), Buffer.from([0x45]), u32(counter), Buffer.alloc(16), idLen, id, cose]);
    const attestationObject = encode(new Map<string, unknown>([['fmt', 'none'], ['attStmt', new Map()], ['authData', authData]]));
    const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.create', challenge: o.challenge ?? options.challenge, origin: o.origin ?? this.origin, crossOrigin: false }));
    this.credentials.push({ id, privateKey, rpId, userHandle: options.user.id, counter });
    return {
      id: b64u(id),
      rawId: b64u(id),
      type: 'public-key',
      response: { clientDataJSON: b64u(clientDataJSON), attestationObject: b64u(attestationObject), transports: ['internal', 'hybrid'] },
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
    };
  }

  /** Answers with the first allowed credential it holds, or (usernameless) any it holds for the RP. */
  get(options: PublicKeyCredentialRequestOptionsJSON, o: CeremonyOverrides & { credentialId?: string } = {}): AuthenticationResponseJSON {
    const allowed = new Set((options.allowCredentials ?? []).map((c) => c.id));
    const cred = this.credentials.find((c) => (o.credentialId ? b64u(c.id) === o.credentialId : allowed.size === 0 ? c.rpId === options.rpId : allowed.has(b64u(c.id))));
    if (!cred) throw new Error('no matching credential on this authenticator');
    cred.counter = o.counter ?? cred.counter + 1;
    const authData = Buffer.concat([sha256(o.rpId ?? cred.rpId), Buffer.from([0x05]), u32(cred.counter)]);
    const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge: o.challenge ?? options.challenge, origin: o.origin ?? this.origin, crossOrigin: false }));
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), cred.privateKey);
    return {
      id: b64u(cred.id),
      rawId: b64u(cred.id),
      type: 'public-key',
      response: { clientDataJSON: b64u(clientDataJSON), authenticatorData: b64u(authData), signature: b64u(signature), userHandle: cred.userHandle },
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
    };
  }
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}
