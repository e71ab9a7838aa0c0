// The app shell: session, language, header and navigation, and the screen for the current path.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { auth } from '#auth';
import { api, call, useToken, type Account, type Language } from '../lib/api/client';
import { I18n, browserLanguage, readerOf } from '../lib/i18n';
import { Shell } from './Shell';
import { Routes } from './Routes';

export function App() {
  const [token, setToken] = useState<string | null | undefined>(undefined); // undefined: still restoring
  const [account, setAccount] = useState<Account>();
  const [language, setLanguage] = useState<Language>(browserLanguage());

  const signOut = async () => {
    await auth.signOut();
    setAccount(undefined);
    setToken(null);
  };
  useToken(token ?? null, () => void signOut());

  useEffect(() => {
    auth.restore().then(setToken, () => setToken(null));
  }, []);

  useEffect(() => {
    if (!token) return;
    call(api.GET('/me')).then(
      (me) => {
        setAccount(me);
        setLanguage(me.language);
      },
      () => {},
    );
  }, [token]);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const timeZone = account?.timeZone;
  const words = useMemo(() => readerOf(language, timeZone), [language, timeZone]);
  const updateAccount = (next: Account) => {
    setAccount(next);
    setLanguage(next.language);
  };
  return (
    <I18n.Provider value={words}>
      {token === undefined ? null : token === null ? (
        <auth.SignIn onSignedIn={setToken} />
      ) : (
        <Shell account={account} onSignOut={signOut}>
          {account && <Routes account={account} onAccount={updateAccount} />}
        </Shell>
      )}
    </I18n.Provider>
  );
}
