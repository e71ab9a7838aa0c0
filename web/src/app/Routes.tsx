// Which screen a path shows. Deep links (the emails' request links, a service's page) work on a
// first load too: the local server and CloudFront answer every /panel/ path with index.html.
import type { Account } from '../lib/api/client';
import { useWords } from '../lib/i18n';
import { BASE, beforeNavigate, useLocation } from '../lib/router';
import { Page } from '../components/Page';
import { MyContacts, preloadMyContacts } from '../features/contacts/MyContacts';
import { ServicePage } from '../features/services/ServicePage';
import { MyRequests } from '../features/requests/MyRequests';
import { RequestPage } from '../features/requests/RequestPage';
import { Profile } from '../features/profile/Profile';

beforeNavigate.add((path) => {
  if (path === `${BASE}/`) preloadMyContacts();
});

export function Routes({ account, onAccount }: { account: Account; onAccount(account: Account): void }) {
  const { t } = useWords();
  const { pathname, searchParams } = useLocation();
  const path = pathname.replace(/\/+$/, '') || '/';
  const match = (pattern: RegExp) => pattern.exec(path)?.[1];

  if (path === BASE) return <MyContacts />;
  if (path === `${BASE}/requests`) return <MyRequests account={account} state={searchParams.get('state')} />;
  const requestId = match(/^\/panel\/requests\/([^/]+)$/);
  if (requestId) return <RequestPage key={requestId} account={account} id={decodeURIComponent(requestId)} />;
  const serviceId = match(/^\/panel\/services\/([^/]+)$/);
  if (serviceId)
    return <ServicePage key={serviceId} account={account} serviceId={decodeURIComponent(serviceId)} />;
  if (path === `${BASE}/profile`) return <Profile account={account} onAccount={onAccount} />;
  return (
    <Page title={t.notFound}>
      <p>
        <a href={`${BASE}/`}>{t.nav.contacts}</a>
      </p>
    </Page>
  );
}
