// One request, in full: the page the emails link to. A code in the link (`?code=`) fills the code
// field and leaves the address bar at once.
import { useState } from 'preact/hooks';
import { api, call, type Account, type ContactChange } from '../../lib/api/client';
import { useWords } from '../../lib/i18n';
import { useAutoRefresh, useLoad } from '../../lib/load';
import { dropParam } from '../../lib/router';
import { Page } from '../../components/Page';
import { ProblemAlert } from '../../components/Problem';
import { Link } from '../../components/Link';
import { RequestDetails } from './RequestDetails';
import { RequestActions } from './RequestActions';
import { paths } from '../../lib/paths';

export function RequestPage({ account, id }: { account: Account; id: string }) {
  const { t } = useWords();
  const [code] = useState(() => {
    const value = new URL(location.href).searchParams.get('code') ?? '';
    dropParam('code');
    return value;
  });
  const [answered, setAnswered] = useState<ContactChange>();
  const loaded = useLoad(async () => {
    const request = await call(api.GET('/contact-changes/{id}', { params: { path: { id } } }));
    setAnswered(undefined);
    return request;
  }, [id]);
  const request = answered ?? loaded.data;
  useAutoRefresh(
    request?.state === 'awaiting_confirmation' || request?.state === 'applying',
    () => void loaded.reload(),
  );

  return (
    <Page title={request ? t.requests.requestTitle(request.serviceName) : t.requests.title}>
      <ProblemAlert problem={loaded.problem} />
      {!request ? (
        loaded.loading && <p role="status">{t.loading}</p>
      ) : (
        <>
          <p>
            <Link href={paths.service(request.serviceId)}>{t.service.title(request.serviceName)}</Link>
          </p>
          <RequestDetails request={request} me={account.nic} />
          <RequestActions request={request} me={account.nic} initialCode={code} onChanged={setAnswered} />
        </>
      )}
    </Page>
  );
}
