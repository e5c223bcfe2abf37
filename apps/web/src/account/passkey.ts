import {
  browserSupportsWebAuthn,
  browserSupportsWebAuthnAutofill,
  startAuthentication,
  startRegistration,
  WebAuthnAbortService,
  WebAuthnError,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser';
import type { LoginResponse, Passkey } from '@photocloud/contracts';
import { api } from '../lib/session.tsx';

export { browserSupportsWebAuthn as canUsePasskeys };

/** Why a ceremony ended without a passkey: the person cancelled, or this device already has one for the account. */
export type PasskeyFailure = 'cancelled' | 'exists' | 'unsupported' | null;

/** Reads a browser-side failure of a ceremony; null when the error came from the server (shown as it is). */
export function passkeyFailure(err: unknown): PasskeyFailure {
  const name = err instanceof WebAuthnError ? (err.cause as Error | undefined)?.name ?? err.name : (err as Error | undefined)?.name;
  if (err instanceof WebAuthnError && err.code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED') return 'exists';
  if (err instanceof WebAuthnError && err.code === 'ERROR_CEREMONY_ABORTED') return 'cancelled';
  if (name === 'NotAllowedError' || name === 'AbortError') return 'cancelled';
  if (name === 'InvalidStateError') return 'exists';
  if (name === 'NotSupportedError' || name === 'SecurityError') return 'unsupported';
  return null;
}

/** Creates a passkey on this device for the signed-in account. */
export async function registerPasskey(name: string | undefined): Promise<Passkey> {
  const optionsJSON = (await api.account.passkeyRegistrationOptions()) as unknown as PublicKeyCredentialCreationOptionsJSON;
  const response = await startRegistration({ optionsJSON });
  return api.account.addPasskey(response, name);
}

/** "Sign in with a passkey": no email, any passkey this site's account holds on the device may answer. */
export async function signInWithPasskey(): Promise<LoginResponse> {
  const optionsJSON = (await api.account.passkeySignInOptions()) as unknown as PublicKeyCredentialRequestOptionsJSON;
  const response = await startAuthentication({ optionsJSON });
  return api.account.signInWithPasskey(response);
}

/** The server forgets a challenge after 5 minutes: a waiting autofill request is renewed before that. */
const AUTOFILL_RENEW_MS = 4 * 60_000;

/**
 * Offers the device's passkeys in the email field's autofill (conditional mediation) until stopped.
 * Resolves `onSignedIn` when the person picks one; the returned function stops listening.
 */
export function offerPasskeysInAutofill(onSignedIn: (s: LoginResponse) => void, onError: (err: unknown) => void): () => void {
  let stopped = false;
  let renewing = false;
  let pending = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const round = async () => {
    if (stopped || !(await browserSupportsWebAuthnAutofill())) return;
    renewing = false;
    timer = setTimeout(() => {
      renewing = true;
      WebAuthnAbortService.cancelCeremony();
    }, AUTOFILL_RENEW_MS);
    try {
      const optionsJSON = (await api.account.passkeySignInOptions()) as unknown as PublicKeyCredentialRequestOptionsJSON;
      if (stopped) return;
      pending = true;
      const response = await startAuthentication({ optionsJSON, useBrowserAutofill: true }).finally(() => (pending = false));
      clearTimeout(timer);
      onSignedIn(await api.account.signInWithPasskey(response));
    } catch (err) {
      clearTimeout(timer);
      // Aborted: renewed, or taken over by the button's own request (the page offers autofill again after it).
      if (passkeyFailure(err) === 'cancelled') {
        if (renewing && !stopped) void round();
        return;
      }
      if (!stopped) onError(err);
    }
  };
  void round();
  return () => {
    stopped = true;
    clearTimeout(timer);
    // A waiting autofill request would outlive the page otherwise.
    if (pending) WebAuthnAbortService.cancelCeremony();
  };
}
