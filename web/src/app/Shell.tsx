import type { ComponentChildren } from 'preact';
import type { Account } from '../lib/api/client';
import { useWords } from '../lib/i18n';
import { BASE, followLink, useLocation } from '../lib/router';

const NAV = [
  {
    href: `${BASE}/`,
    key: 'contacts',
    current: (path: string) => path === `${BASE}/` || path.startsWith(`${BASE}/services/`),
  },
  {
    href: `${BASE}/requests`,
    key: 'requests',
    current: (path: string) => path.startsWith(`${BASE}/requests`),
  },
  { href: `${BASE}/profile`, key: 'profile', current: (path: string) => path === `${BASE}/profile` },
] as const;

export function Shell({
  account,
  onSignOut,
  children,
}: {
  account?: Account;
  onSignOut(): void;
  children: ComponentChildren;
}) {
  const { t } = useWords();
  const { pathname } = useLocation();
  return (
    <>
      <a class="skip" href="#main">
        {t.skipToContent}
      </a>
      <header class="top">
        <p class="brand">{t.appName}</p>
        <nav aria-label={t.nav.label}>
          <ul>
            {NAV.map((item) => (
              <li key={item.key}>
                <a
                  href={item.href}
                  onClick={followLink}
                  aria-current={item.current(pathname) ? 'page' : undefined}
                >
                  {t.nav[item.key]}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          {account && <span>{t.signedInAs(account.name, account.nic)}</span>}
          <button type="button" class="secondary" onClick={onSignOut}>
            {t.signOut}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {account ? children : <p role="status">{t.loading}</p>}
      </main>
    </>
  );
}
