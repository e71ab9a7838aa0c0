// Local sign-in (npm start only): a token from POST /_local/token, kept in this tab's sessionStorage.
// vite.config.ts resolves `#auth` here only with --mode one-machine, so none of this reaches the AWS build.
import { LocalSignIn } from '../../features/sign-in/LocalSignIn';
import type { Auth } from './types';

const KEY = 'service-contacts.local-token';

export const auth: Auth = {
  restore: async () => sessionStorage.getItem(KEY),
  SignIn: ({ onSignedIn }) => (
    <LocalSignIn
      onSignedIn={(token) => {
        sessionStorage.setItem(KEY, token);
        onSignedIn(token);
      }}
    />
  ),
  signOut: async () => sessionStorage.removeItem(KEY),
};
