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
    // A current admin of the service may cancel any of its open requests, not only the asker.
    const service = await call(
      api.GET('/services/{serviceId}', { params: { path: { serviceId: request.serviceId } } }),
    ).catch(() => undefined);
    setAnswered(undefined);
    return { request, admin: service?.myRoles.includes('admin') ?? false };
  }, [id]);
  const request = answered ?? loaded.data?.request;
  useAutoRefresh(
    request?.state === 'awaiting_confirmation' || request?.state === 'applying',
    () => void loaded.reload(),
  );

  return (
    <Page title={request ? t.requests.requestTitle(request.serviceId) : t.requests.title}>
      <ProblemAlert problem={loaded.problem} />
      {!request ? (
        loaded.loading && <p role="status">{t.loading}</p>
      ) : (
        <>
          <p>
            <Link href={`/panel/services/${encodeURIComponent(request.serviceId)}`}>
              {t.service.title(request.serviceId)}
            </Link>
          </p>
          <RequestDetails request={request} me={account.nic} />
          <RequestActions
            request={request}
            me={account.nic}
            mayCancel={request.askedBy === account.nic || Boolean(loaded.data?.admin)}
            initialCode={code}
            onChanged={setAnswered}
          />
        </>
      )}
    </Page>
  );
}
