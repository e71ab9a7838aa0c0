// Cognito managed login with oidc-client-ts: authorization code with PKCE, the user (tokens) kept in
// this tab's sessionStorage, and a sign-out that ends Cognito's session too. The pool, client and
// domain come from /panel/config.json, which the CDK stack writes beside the build.
import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { useEffect, useState } from 'preact/hooks';
import { TopBar } from '../../components/TopBar';
import { useWords } from '../../lib/i18n';
import { inPanel, paths } from '../../lib/paths';
import type { Auth } from './types';

interface PanelConfig {
  /** The user pool's issuer, https://cognito-idp.<region>.amazonaws.com/<pool id>. */
  authority: string;
  clientId: string;
  /** Cognito's managed login, https://<prefix>.auth.<region>.amazoncognito.com: its /logout; absent for another issuer. */
  signInDomain?: string;
}

const CALLBACK = paths.signInCallback();
let manager: Promise<{ users: UserManager; config: PanelConfig }> | undefined;

function users() {
  manager ??= fetch(paths.config()).then(async (response) => {
    const config = (await response.json()) as PanelConfig;
    const store = new WebStorageStateStore({ store: sessionStorage });
    const users = new UserManager({
      authority: config.authority,
      client_id: config.clientId,
      redirect_uri: `${location.origin}${CALLBACK}`,
      post_logout_redirect_uri: `${location.origin}${paths.contacts()}`,
      response_type: 'code',
      // The ID token carries `nic` (the Pre Token Generation trigger); nothing more is needed.
      scope: 'openid',
      userStore: store,
      stateStore: store,
      automaticSilentRenew: false,
    });
    return { users, config };
  });
  return manager;
}

export const auth: Auth = {
  async restore() {
    const { users: manager } = await users();
    if (location.pathname === CALLBACK) {
      const user = await manager.signinRedirectCallback();
      // Back to where sign-in started; the code and state leave the address bar and history.
      const back = typeof user.state === 'string' && inPanel(user.state) ? user.state : paths.contacts();
      history.replaceState(null, '', back);
      return user.id_token ?? null;
    }
    const user = await manager.getUser();
    return user && !user.expired ? (user.id_token ?? null) : null;
  },
  SignIn: function CognitoSignIn() {
    const { t } = useWords();
    const [failed, setFailed] = useState(false);
    const start = () =>
      users()
        .then(({ users }) => users.signinRedirect({ state: location.pathname + location.search }))
        .catch(() => setFailed(true));
    useEffect(() => void start(), []);
    return (
      <>
        <TopBar />
        <main id="main" class="narrow">
          <h1>{t.signIn.title}</h1>
          <p role="status">{failed ? t.signIn.failed : t.signIn.redirecting}</p>
          {failed && (
            <button type="button" onClick={start}>
              {t.signIn.submit}
            </button>
          )}
        </main>
      </>
    );
  },
  async signOut() {
    const { users: manager, config } = await users();
    if (!config.signInDomain) return manager.signoutRedirect(); // an issuer with end_session_endpoint
    await manager.removeUser();
    // Cognito's discovery document has no end_session_endpoint: its own /logout ends the session.
    const logout = new URL('/logout', config.signInDomain);
    logout.searchParams.set('client_id', config.clientId);
    logout.searchParams.set('logout_uri', `${location.origin}${paths.contacts()}`);
    location.assign(logout.toString());
  },
};
