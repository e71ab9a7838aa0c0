import type { ComponentType } from 'preact';

/** How the panel signs in: `one-machine.tsx` for npm start, `aws.tsx` for Cognito; vite.config.ts picks one. */
export interface Auth {
  /** This tab's token, finishing a sign-in redirect first; null when signed out. */
  restore(): Promise<string | null>;
  /** Shown when signed out; calls onSignedIn with the token (or leaves the page to sign in). */
  SignIn: ComponentType<{ onSignedIn(token: string): void }>;
  /** Forgets the token and ends the sign-in session where there is one. */
  signOut(): Promise<void>;
}
