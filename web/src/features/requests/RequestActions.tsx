// What the caller may do with an open request: accept or refuse with their code, have codes sent
// again, cancel. The API decides; the panel offers what the caller's part in the request allows.
import { useState } from 'preact/hooks';
import { ApiProblem, api, call, type ContactChange } from '../../lib/api/client';
import { useWords } from '../../lib/i18n';
import { Field, ProblemAlert, useFieldError } from '../../components/Problem';

type Done = 'accepted' | 'refused' | 'resent' | 'cancelled';

/** Answers about the code typed; shown under the code field. */
const CODE_PROBLEMS = ['invalid_token', 'too_many_attempts', 'required'];

export function RequestActions({
  request,
  me,
  mayCancel,
  initialCode = '',
  onChanged,
}: {
  request: ContactChange;
  me: string;
  /** The asker, or (on the request's page) a current admin of the service. */
  mayCancel: boolean;
  initialCode?: string;
  onChanged(request: ContactChange): void;
}) {
  const { t } = useWords();
  const [code, setCode] = useState(initialCode);
  const [problem, setProblem] = useState<ApiProblem>();
  const [done, setDone] = useState<Done>();
  const [busy, setBusy] = useState(false);
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const codeError = useFieldError(problem, 'token', CODE_PROBLEMS);

  const mine = request.confirmations.find((c) => c.nic === me);
  const isOpen = request.state === 'awaiting_confirmation';
  const waitingFor = request.confirmations.filter((c) => c.status === 'pending').map((c) => c.nic);
  const id = request.id;
  const path = { path: { id } };

  const act = async (what: Done, run: () => Promise<ContactChange>) => {
    setBusy(true);
    try {
      const updated = await run();
      setProblem(undefined);
      setDone(what);
      setConfirmingCancel(false);
      onChanged(updated);
    } catch (error) {
      setProblem(error as ApiProblem);
    } finally {
      setBusy(false);
    }
  };
  const answer = (decision: 'accept' | 'refuse') => (event?: Event) => {
    event?.preventDefault();
    if (!code.trim()) {
      setProblem(new ApiProblem(400, 'required', t.errors.required, { token: [t.errors.required] }));
      return;
    }
    const body = { token: code.trim() };
    void act(decision === 'accept' ? 'accepted' : 'refused', () =>
      decision === 'accept'
        ? call(api.POST('/contact-changes/{id}/accept', { params: path, body }))
        : call(api.POST('/contact-changes/{id}/refuse', { params: path, body })),
    );
  };
  const resend = (onlyMe: boolean) =>
    act('resent', () => call(api.POST('/contact-changes/{id}/resend', { params: path, body: { onlyMe } })));
  const cancel = () =>
    act('cancelled', () => call(api.POST('/contact-changes/{id}/cancel', { params: path })));

  const prefix = `r-${id}`;
  return (
    <div class="request-actions">
      {done && (
        <p class="success" role="status">
          {t.requests[done]}
        </p>
      )}
      {isOpen && mine?.status === 'accepted' && waitingFor.length > 0 && (
        <p class="waiting">{t.requests.waitingOthers(waitingFor.join(', '))}</p>
      )}
      {isOpen && mine?.status === 'pending' && (
        <form onSubmit={answer('accept')} noValidate>
          <Field id={`${prefix}-code`} label={t.requests.code} hint={t.requests.codeHint} error={codeError}>
            {(props) => (
              <input
                {...props}
                name="token"
                type="text"
                autocomplete="one-time-code"
                spellcheck={false}
                value={code}
                onInput={(e) => setCode(e.currentTarget.value)}
              />
            )}
          </Field>
          <div class="buttons">
            <button type="submit" disabled={busy}>
              {t.requests.accept}
            </button>
            <button type="button" class="danger" disabled={busy} onClick={answer('refuse')}>
              {t.requests.refuse}
            </button>
          </div>
        </form>
      )}
      <ProblemAlert problem={problem} shown={codeError !== null} />
      {isOpen && (
        <div class="buttons">
          {mine?.status === 'pending' && (
            <button type="button" class="secondary" disabled={busy} onClick={() => resend(true)}>
              {t.requests.resendMe}
            </button>
          )}
          {(mine || request.askedBy === me) && waitingFor.length > 0 && (
            <button type="button" class="secondary" disabled={busy} onClick={() => resend(false)}>
              {t.requests.resendAll}
            </button>
          )}
          {mayCancel && !confirmingCancel && (
            <button type="button" class="secondary" disabled={busy} onClick={() => setConfirmingCancel(true)}>
              {t.requests.cancel}
            </button>
          )}
        </div>
      )}
      {isOpen && confirmingCancel && (
        <div class="confirm-cancel" role="group" aria-label={t.requests.cancel}>
          <p>{t.requests.confirmCancel}</p>
          <div class="buttons">
            <button type="button" class="danger" disabled={busy} onClick={cancel}>
              {t.requests.yesCancel}
            </button>
            <button type="button" class="secondary" onClick={() => setConfirmingCancel(false)}>
              {t.requests.noKeep}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
