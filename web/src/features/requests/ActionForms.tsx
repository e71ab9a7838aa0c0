// What the caller may do with an open request or batch: accept or refuse with their code, have codes
// sent again, cancel. The API decides (`actions`); the panel offers exactly those. RequestActions and
// BatchActions say which calls these are and in which words.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Action, ApiProblem } from '../../lib/api/client';
import { useWords } from '../../lib/i18n';
import { Field, ProblemAlert, useFieldError } from '../../components/Problem';

export type Done = 'accepted' | 'refused' | 'resentMine' | 'resentAll' | 'cancelled';

/** The API's calls on one request or one batch; each resolves once the API has answered well. */
export interface Calls {
  answer(decision: 'accept' | 'refuse', token: string): Promise<void>;
  resend(onlyMe: boolean): Promise<void>;
  cancel(): Promise<void>;
}

/** Answers about the code typed; shown under the code field. */
const CODE_PROBLEMS = ['invalid_token', 'too_many_attempts'];

export function ActionForms({
  id,
  actions,
  calls,
  words,
  waiting,
  initialCode = '',
}: {
  /** Makes the fields' ids unique on a screen of many. */
  id: string;
  actions: Action[];
  calls: Calls;
  words: { done: Record<Done, string>; codeHint: string; confirmCancel: string };
  /** Whom an answer of the caller's still waits for, in words; shown above the forms. */
  waiting?: string;
  initialCode?: string;
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

  const may = (action: Action) => actions.includes(action);

  const act = async (what: Done, run: () => Promise<void>) => {
    setBusy(true);
    setCodeMissing(false);
    try {
      await run();
      setProblem(undefined);
      setDone(what);
      setDoneCount((n) => n + 1);
      setConfirmingCancel(false);
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
    void act(decision === 'accept' ? 'accepted' : 'refused', () => calls.answer(decision, code.trim()));
  };
  const resend = (onlyMe: boolean) => act(onlyMe ? 'resentMine' : 'resentAll', () => calls.resend(onlyMe));
  const cancel = () => act('cancelled', () => calls.cancel());

  const prefix = `r-${id}`;
  return (
    <div class="request-actions">
      {done && (
        <p class="success" role="status" tabIndex={-1} ref={said}>
          {words.done[done]}
        </p>
      )}
      {waiting && <p class="waiting">{waiting}</p>}
      {(may('accept') || may('refuse')) && (
        <form onSubmit={answer('accept')} noValidate>
          <Field id={`${prefix}-code`} label={t.requests.code} hint={words.codeHint} error={codeError}>
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
          <p>{words.confirmCancel}</p>
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
