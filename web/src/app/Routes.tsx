// Which screen a path shows (lib/paths.ts reads it). Deep links (the emails' request links, a
// service's page) work on a first load too: the local server and CloudFront answer every /panel/ path
// with index.html.
import type { Account } from '../lib/api/client';
import { useWords } from '../lib/i18n';
import { paths, routeOf } from '../lib/paths';
import { beforeNavigate, useLocation } from '../lib/router';
import { Page } from '../components/Page';
import { MyContacts, preloadMyContacts } from '../features/contacts/MyContacts';
import { ServicePage } from '../features/services/ServicePage';
import { MyRequests } from '../features/requests/MyRequests';
import { RequestPage } from '../features/requests/RequestPage';
import { Profile } from '../features/profile/Profile';

beforeNavigate.add((url) => {
  if (routeOf(url).screen === 'contacts') preloadMyContacts();
});

export function Routes({ account, onAccount }: { account: Account; onAccount(account: Account): void }) {
  const { t } = useWords();
  const route = routeOf(useLocation());
  switch (route.screen) {
    case 'contacts':
      return <MyContacts me={account.nic} />;
    case 'requests':
      return <MyRequests account={account} state={route.state} />;
    case 'request':
      return <RequestPage key={route.id} account={account} id={route.id} />;
    case 'service':
      return <ServicePage key={route.serviceId} serviceId={route.serviceId} />;
    case 'profile':
      return <Profile account={account} onAccount={onAccount} />;
    case 'not-found':
      return (
        <Page title={t.notFound}>
          <p>
            <a href={paths.contacts()}>{t.nav.contacts}</a>
          </p>
        </Page>
      );
  }
}
