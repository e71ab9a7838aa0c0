import type { ComponentChildren } from 'preact';
import { TopBar } from '../components/TopBar';
import type { Account } from '../lib/api/client';
import { useWords } from '../lib/i18n';
import { paths, routeOf, type Route } from '../lib/paths';
import { followLink, useLocation } from '../lib/router';

/** Each menu item, and the screens under it. */
const NAV = [
  { href: paths.contacts(), key: 'contacts', screens: ['contacts', 'service'] },
  { href: paths.requests(), key: 'requests', screens: ['requests', 'request'] },
  { href: paths.profile(), key: 'profile', screens: ['profile'] },
] as const satisfies { href: string; key: string; screens: readonly Route['screen'][] }[];

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
  const { screen } = routeOf(useLocation());
  return (
    <>
      <a class="skip" href="#main">
        {t.skipToContent}
      </a>
      <TopBar>
        <nav aria-label={t.nav.label}>
          <ul>
            {NAV.map((item) => (
              <li key={item.key}>
                <a
                  href={item.href}
                  onClick={followLink}
                  aria-current={(item.screens as readonly string[]).includes(screen) ? 'page' : undefined}
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
      </TopBar>
      <main id="main" tabIndex={-1}>
        {account ? children : <p role="status">{t.loading}</p>}
      </main>
    </>
  );
}
