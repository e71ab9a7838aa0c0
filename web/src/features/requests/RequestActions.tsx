// What the caller may do with an open request: accept or refuse with their code, have codes sent
// again, cancel. The API decides (the request's `actions`); the panel offers exactly those.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, call, type Action, type ApiProblem, type ContactChange } from '../../lib/api/client';
import { useWords } from '../../lib/i18n';
import { Field, ProblemAlert, useFieldError } from '../../components/Problem';
import { personOf } from '../../lib/people';

type Done = 'accepted' | 'refused' | 'resentMine' | 'resentAll' | 'cancelled';

/** Answers about the code typed; shown under the code field. */
const CODE_PROBLEMS = ['invalid_token', 'too_many_attempts'];

export function RequestActions({
  request,
  me,
  initialCode = '',
  onChanged,
}: {
  request: ContactChange;
  me: string;
  initialCode?: string;
  onChanged(request: ContactChange): void;
}) {
  const { t } = useWords();
  const [code, setCode] = useState(initialCode);
  const [problem, setProblem] = useState<ApiProblem>();
  /** The form's own check, before any call: answering needs the code. */
  const [codeMissing, setCodeMissing] = useState(false);
  const [done, setDone] = useState<Done>();
  /** How many actions have ended well: each moves the focus to the words saying what happened. */
  const [doneCount, setDoneCount] = useState(0);
  const said = useRef<HTMLParagraphElement>(null);
  // The button pressed is gone (an answer ends the form) or was disabled while busy, and focus would
  // fall to <body>: the outcome takes it, so a keyboard or screen-reader user stays where things happen.
  useEffect(() => {
    if (doneCount > 0) said.current?.focus();
  }, [doneCount]);
  const [busy, setBusy] = useState(false);
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const apiCodeError = useFieldError(problem, 'token', CODE_PROBLEMS);
  const codeError = codeMissing ? t.errors.required : apiCodeError;

  const may = (action: Action) => request.actions.includes(action);
  // Only to say whom the caller's accepted request still waits for: what they may do is `actions`.
  const mine = request.confirmations.find((c) => c.nic === me);
  const isOpen = request.state === 'awaiting_confirmation';
  const waitingFor = request.confirmations
    .filter((c) => c.status === 'pending')
    .map((c) => personOf(request.names, c.nic));
  const id = request.id;
  const path = { path: { id } };

  const act = async (what: Done, run: () => Promise<ContactChange>) => {
    setBusy(true);
    setCodeMissing(false);
    try {
      const updated = await run();
      setProblem(undefined);
      setDone(what);
      setDoneCount((n) => n + 1);
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
    setCodeMissing(!code.trim());
    if (!code.trim()) {
      setProblem(undefined);
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
    act(onlyMe ? 'resentMine' : 'resentAll', () =>
      call(api.POST('/contact-changes/{id}/resend', { params: path, body: { onlyMe } })),
    );
  const cancel = () =>
    act('cancelled', () => call(api.POST('/contact-changes/{id}/cancel', { params: path })));

  const prefix = `r-${id}`;
  return (
    <div class="request-actions">
      {done && (
        <p class="success" role="status" tabIndex={-1} ref={said}>
          {t.requests[done]}
        </p>
      )}
      {isOpen && mine?.status === 'accepted' && waitingFor.length > 0 && (
        <p class="waiting">{t.requests.waitingOthers(waitingFor.join(', '))}</p>
      )}
      {(may('accept') || may('refuse')) && (
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
            {may('accept') && (
              <button type="submit" disabled={busy}>
                {t.requests.accept}
              </button>
            )}
            {may('refuse') && (
              <button type="button" class="danger" disabled={busy} onClick={answer('refuse')}>
                {t.requests.refuse}
              </button>
            )}
          </div>
        </form>
      )}
      <ProblemAlert problem={problem} shown={codeError !== null} />
      {(may('resend') || may('cancel')) && (
        <div class="buttons">
          {may('resend') && may('accept') && (
            <button type="button" class="secondary" disabled={busy} onClick={() => resend(true)}>
              {t.requests.resendMe}
            </button>
          )}
          {may('resend') && (
            <button type="button" class="secondary" disabled={busy} onClick={() => resend(false)}>
              {t.requests.resendAll}
            </button>
          )}
          {may('cancel') && !confirmingCancel && (
            <button type="button" class="secondary" disabled={busy} onClick={() => setConfirmingCancel(true)}>
              {t.requests.cancel}
            </button>
          )}
        </div>
      )}
      {may('cancel') && confirmingCancel && (
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
