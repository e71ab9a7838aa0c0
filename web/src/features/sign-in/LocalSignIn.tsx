// The local sign-in page: the loaded accounts (GET /_local/accounts) and a token for the chosen one.
import { useState } from 'preact/hooks';
import { ApiProblem } from '../../lib/api/client';
import { Field, ProblemAlert } from '../../components/Problem';
import { TopBar } from '../../components/TopBar';
import { useWords } from '../../lib/i18n';
import { useLoad } from '../../lib/load';

interface LocalAccounts {
  accounts: { nic: string; name: string }[];
}

// The local routes are not in the OpenAPI document (never deployed), so these two calls are plain fetches.
async function localJson<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, init).catch(() => {
    throw new ApiProblem(0, 'network', 'No answer');
  });
  const body = await response.json();
  if (!response.ok) throw new ApiProblem(response.status, body.code ?? 'unexpected', body.detail ?? '');
  return body as T;
}

export function LocalSignIn({ onSignedIn }: { onSignedIn(token: string): void }) {
  const { t } = useWords();
  const accounts = useLoad(() => localJson<LocalAccounts>('/_local/accounts'), []);
  const [chosen, setChosen] = useState('');
  const [problem, setProblem] = useState<ApiProblem>();
  const list = accounts.data?.accounts ?? [];

  const submit = async (event: Event) => {
    event.preventDefault();
    const nic = chosen || list[0]?.nic;
    if (!nic) return;
    try {
      const { token } = await localJson<{ token: string }>('/_local/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ nic }),
      });
      onSignedIn(token);
    } catch (error) {
      setProblem(error as ApiProblem);
    }
  };

  return (
    <>
      <TopBar />
      <main id="main" class="narrow">
        <h1>{t.signIn.title}</h1>
        <p>{t.signIn.localNote}</p>
        <ProblemAlert problem={accounts.problem ?? problem} />
        {accounts.loading && !accounts.data ? (
          <p role="status">{t.loading}</p>
        ) : list.length === 0 ? (
          <p>{t.signIn.noAccounts}</p>
        ) : (
          <form onSubmit={submit}>
            <Field id="account" label={t.signIn.account} error={null}>
              {(props) => (
                <select
                  {...props}
                  value={chosen || list[0]?.nic}
                  onChange={(e) => setChosen(e.currentTarget.value)}
                >
                  {list.map((account) => (
                    <option key={account.nic} value={account.nic}>
                      {account.name} ({account.nic})
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <button type="submit">{t.signIn.submit}</button>
          </form>
        )}
      </main>
    </>
  );
}
