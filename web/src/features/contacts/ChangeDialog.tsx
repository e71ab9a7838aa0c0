// The pencil: new contacts for one service. Which roles may change comes from the API's
// editableRoles; every refusal is shown next to the role it names, in the user's words.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import {
  api,
  call,
  ROLES,
  type ApiProblem,
  type ContactChange,
  type Role,
  type Service,
} from '../../lib/api/client';
import { problemText, useWords } from '../../lib/i18n';
import { Dialog } from '../../components/Dialog';
import { Field, ProblemAlert } from '../../components/Problem';
import { Link } from '../../components/Link';
import { paths } from '../../lib/paths';
import { personOf } from '../../lib/people';

/**
 * The roles a refusal concerns: those the API names; else the billing role for unpaid invoices; else,
 * when one role was asked, that one (a refusal of the body is then about its only field).
 */
function rolesOf(problem: ApiProblem | undefined, sent: Role[]): Role[] {
  if (!problem || problem.status === 0 || problem.status >= 500) return [];
  const named = ROLES.filter((role) => role in problem.fields);
  if (named.length) return named;
  if (problem.code === 'unpaid_invoices' && sent.includes('billing')) return ['billing'];
  return sent.length === 1 && problem.status !== 401 ? sent : [];
}

export function ChangeDialog({
  service,
  open,
  onClose,
  onCreated,
}: {
  service: Service;
  /** The caller's open requests of this service, to link a change_pending refusal to. */
  open: ContactChange[];
  onClose(): void;
  onCreated(): void;
}) {
  const { t } = useWords();
  const [values, setValues] = useState<Record<Role, string>>({ admin: '', tech: '', billing: '' });
  const [problem, setProblem] = useState<ApiProblem>();
  /** The form's own check, before any call: no new contact typed. */
  const [empty, setEmpty] = useState(false);
  const [sent, setSent] = useState<Role[]>([]);
  const problemRoles = rolesOf(problem, sent);
  const [sending, setSending] = useState(false);
  const [created, setCreated] = useState<ContactChange[]>();
  // One key per dialog: a double submit or a retry after a lost answer creates nothing twice.
  const idempotencyKey = useMemo(() => crypto.randomUUID(), []);

  const submit = async (event: Event) => {
    event.preventDefault();
    const body = Object.fromEntries(
      ROLES.filter((role) => values[role].trim()).map((role) => [role, values[role].trim()]),
    );
    setEmpty(Object.keys(body).length === 0);
    if (Object.keys(body).length === 0) {
      setProblem(undefined);
      return;
    }
    setSent(ROLES.filter((role) => role in body));
    setSending(true);
    try {
      const answer = await call(
        api.POST('/services/{serviceId}/contact-changes', {
          params: { path: { serviceId: service.serviceId }, header: { 'idempotency-key': idempotencyKey } },
          body,
        }),
      );
      setCreated(answer.requests);
      setProblem(undefined);
      onCreated();
    } catch (error) {
      setProblem(error as ApiProblem);
    } finally {
      setSending(false);
    }
  };

  return (
    <Dialog title={t.change.title(service.name)} onClose={onClose}>
      {created ? (
        <Created requests={created} />
      ) : (
        <form onSubmit={submit} noValidate>
          <p>{t.change.intro}</p>
          {ROLES.map((role) => (
            <RoleField
              key={role}
              role={role}
              service={service}
              value={values[role]}
              problem={problemRoles.includes(role) ? problem : undefined}
              open={open}
              onInput={(value) => setValues({ ...values, [role]: value })}
            />
          ))}
          {empty ? (
            <p class="alert" role="alert">
              {t.change.nothing}
            </p>
          ) : (
            <ProblemAlert problem={problem} shown={problemRoles.length > 0} />
          )}
          <div class="buttons">
            <button type="submit" disabled={sending}>
              {sending ? t.change.sending : t.change.submit}
            </button>
            <button type="button" class="secondary" onClick={onClose}>
              {t.change.cancel}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

function RoleField({
  role,
  service,
  value,
  problem,
  open,
  onInput,
}: {
  role: Role;
  service: Service;
  value: string;
  problem?: ApiProblem;
  open: ContactChange[];
  onInput(value: string): void;
}) {
  const { t } = useWords();
  const allowed = service.editableRoles.includes(role);
  // A value the API could not read as a contact: say what it expects rather than only that it is wrong.
  const error = !problem
    ? null
    : problem.code === 'validation_failed'
      ? t.change.badContact
      : problemText(t, problem.code, problem.message);
  const pending =
    problem?.code === 'change_pending' && error ? open.find((r) => r.roles.includes(role)) : undefined;
  const rule = allowed ? (role === 'billing' ? t.change.billingRule : '') : t.change.notAllowed[role];
  const hint = [t.change.current(personOf(service.names, service.contacts[role])), rule]
    .filter(Boolean)
    .join(' ');
  return (
    <>
      <Field id={`new-${role}`} label={t.roles[role]} hint={hint} error={error}>
        {(props) => (
          <input
            {...props}
            name={role}
            type="text"
            autocomplete="off"
            spellcheck={false}
            disabled={!allowed}
            value={value}
            onInput={(e) => onInput(e.currentTarget.value)}
          />
        )}
      </Field>
      {pending && (
        <p class="error-link">
          <Link href={paths.request(pending.id)}>{t.change.seeOpen}</Link>
        </p>
      )}
      {role === 'admin' && value.trim() && (
        <p class="warning" role="note">
          {t.change.adminWarning}
        </p>
      )}
    </>
  );
}

function Created({ requests }: { requests: ContactChange[] }) {
  const { t } = useWords();
  const box = useRef<HTMLDivElement>(null);
  // The form and its Send button are gone: the confirmation takes the focus, inside the dialog.
  useEffect(() => box.current?.focus(), []);
  return (
    <div class="success" role="status" tabIndex={-1} ref={box}>
      <p>
        <strong>{t.change.done}</strong>
      </p>
      <p>{t.change.emailed}</p>
      <ul>
        {requests.flatMap((request) => [
          ...request.confirmations.map((c) => (
            <li key={`${request.id}-${c.nic}`}>
              {personOf(request.names, c.nic)} – {t.change.toConfirm}
            </li>
          )),
          ...request.notified.map((nic) => (
            <li key={`${request.id}-${nic}-told`}>
              {personOf(request.names, nic)} – {t.change.toKnow}
            </li>
          )),
        ])}
      </ul>
      {requests.map((request) => (
        <p key={request.id}>
          <Link href={paths.request(request.id)}>{t.change.seeRequest}</Link>
        </p>
      ))}
    </div>
  );
}
