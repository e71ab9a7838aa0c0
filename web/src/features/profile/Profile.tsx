// The caller's account: the verified address change of API.md (a code goes to the new address; the
// address changes when it is entered here, also from the emailed `?emailCode=` link; a waiting change
// can be cancelled here, as from the old address's stop link) and the language.
import { useState } from 'preact/hooks';
import { ApiProblem, api, call, type Account, type Language } from '../../lib/api/client';
import { useWords } from '../../lib/i18n';
import { dropParam } from '../../lib/router';
import { Page } from '../../components/Page';
import { Field, ProblemAlert, useFieldError } from '../../components/Problem';

export function Profile({ account, onAccount }: { account: Account; onAccount(account: Account): void }) {
  const { t } = useWords();
  return (
    <Page title={t.profile.title}>
      <section aria-labelledby="account-h">
        <h2 id="account-h">{t.profile.account}</h2>
        <dl class="facts">
          <dt>{t.profile.handle}</dt>
          <dd>{account.nic}</dd>
          <dt>{t.profile.name}</dt>
          <dd>{account.name}</dd>
          <dt>{t.profile.email}</dt>
          <dd>{account.email}</dd>
        </dl>
      </section>
      <EmailChange account={account} onAccount={onAccount} />
      <LanguageChoice account={account} onAccount={onAccount} />
    </Page>
  );
}

function EmailChange({ account, onAccount }: { account: Account; onAccount(account: Account): void }) {
  const { t } = useWords();
  const [email, setEmail] = useState('');
  const [code, setCode] = useState(() => {
    const value = new URL(location.href).searchParams.get('emailCode') ?? '';
    dropParam('emailCode');
    return value;
  });
  const [problem, setProblem] = useState<ApiProblem>();
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState(false);
  const emailError = useFieldError(problem, 'email', ['too_many_requests']);
  const codeError = useFieldError(problem, 'token', [
    'invalid_token',
    'too_many_attempts',
    'nothing_pending',
  ]);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
      setProblem(undefined);
    } catch (error) {
      setProblem(error as ApiProblem);
      setNotice(undefined);
    } finally {
      setBusy(false);
    }
  };
  const start = (event: Event) => {
    event.preventDefault();
    if (!email.trim()) return setProblem(new ApiProblem(400, 'required', '', { email: [t.errors.required] }));
    void run(async () => {
      let status = 0;
      const next = await call(
        api.PUT('/me/email', { body: { email: email.trim() } }).then((result) => {
          status = result.response.status;
          return result;
        }),
      );
      onAccount(next as Account);
      setEmail('');
      // API.md: 202 with pendingEmail (a code went to the new address); an older API changed it at once.
      setNotice(status === 202 ? undefined : t.profile.emailUpdated(next.email));
    });
  };
  const confirm = (event: Event) => {
    event.preventDefault();
    if (!code.trim()) return setProblem(new ApiProblem(400, 'required', '', { token: [t.errors.required] }));
    void run(async () => {
      const next = await call(api.POST('/me/email/confirm', { body: { token: code.trim() } }));
      onAccount(next);
      setCode('');
      setNotice(t.profile.emailChanged(next.email));
    });
  };

  // Stops the waiting change (issue 22): the address stays and the code sent to the new one dies.
  const cancelPending = () =>
    void run(async () => {
      const next = await call(api.DELETE('/me/email'));
      onAccount(next);
      setCode('');
      setNotice(t.profile.emailCancelled(next.email));
    });

  return (
    <section aria-labelledby="email-h">
      <h2 id="email-h">{t.profile.emailTitle}</h2>
      <p>{t.profile.emailIntro}</p>
      {notice && (
        <p class="success" role="status">
          {notice}
        </p>
      )}
      <form onSubmit={start} noValidate>
        <Field id="new-email" label={t.profile.newEmail} error={emailError}>
          {(props) => (
            <input
              {...props}
              type="email"
              autocomplete="email"
              value={email}
              onInput={(e) => setEmail(e.currentTarget.value)}
            />
          )}
        </Field>
        <button type="submit" disabled={busy}>
          {t.profile.sendCode}
        </button>
      </form>
      {(account.pendingEmail || code) && (
        <form onSubmit={confirm} noValidate>
          {account.pendingEmail && (
            <div>
              <p>{t.profile.pending(account.pendingEmail)}</p>
              <button type="button" class="secondary" disabled={busy} onClick={cancelPending}>
                {t.profile.cancelEmail}
              </button>
            </div>
          )}
          <Field id="email-code" label={t.profile.emailCode} error={codeError}>
            {(props) => (
              <input
                {...props}
                type="text"
                autocomplete="one-time-code"
                spellcheck={false}
                value={code}
                onInput={(e) => setCode(e.currentTarget.value)}
              />
            )}
          </Field>
          <button type="submit" disabled={busy}>
            {t.profile.confirmEmail}
          </button>
        </form>
      )}
      <ProblemAlert problem={problem} shown={Boolean(emailError ?? codeError)} />
    </section>
  );
}

function LanguageChoice({ account, onAccount }: { account: Account; onAccount(account: Account): void }) {
  const { t } = useWords();
  const [language, setLanguage] = useState<Language>(account.language);
  const [problem, setProblem] = useState<ApiProblem>();
  const [saved, setSaved] = useState(false);
  const save = async (event: Event) => {
    event.preventDefault();
    try {
      onAccount(await call(api.PUT('/me/language', { body: { language } })));
      setSaved(true);
      setProblem(undefined);
    } catch (error) {
      setProblem(error as ApiProblem);
    }
  };
  return (
    <section aria-labelledby="language-h">
      <h2 id="language-h">{t.profile.languageTitle}</h2>
      <form onSubmit={save}>
        <fieldset>
          <legend>{t.profile.language}</legend>
          {(['fi', 'en'] as const).map((value) => (
            <label key={value} class="choice" lang={value}>
              <input
                type="radio"
                name="language"
                value={value}
                checked={language === value}
                onChange={() => {
                  setLanguage(value);
                  setSaved(false);
                }}
              />{' '}
              {t.language[value]}
            </label>
          ))}
        </fieldset>
        <button type="submit">{t.profile.saveLanguage}</button>
        {saved && (
          <p class="success" role="status">
            {t.profile.languageSaved}
          </p>
        )}
        <ProblemAlert problem={problem} />
      </form>
    </section>
  );
}
