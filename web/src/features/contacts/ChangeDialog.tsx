// The pencil: new contacts for one service, or for every selected service at once (a batch: API.md,
// "Batches"). Which roles may change comes from the API's editableRoles; every refusal is shown next to
// the role or the service it names, in the user's words.
import { useMemo, useRef, useState } from 'preact/hooks';
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
import type { OpenRequests } from '../../lib/open-requests';
import { BatchPreview } from './BatchPreview';
import { Created } from './Created';
import { confirmersOf, previewOf, type Asked } from './preview';

/**
 * The roles a refusal concerns: those the API names; else the billing role for unpaid invoices; else,
 * when one role was asked, that one (a refusal of the body is then about its only field). A batch's
 * refusals name services, shown beside each of them instead.
 */
function rolesOf(problem: ApiProblem | undefined, sent: Role[]): Role[] {
  if (!problem || problem.status === 0 || problem.status >= 500 || problem.code === 'batch_refused')
    return [];
  const named = ROLES.filter((role) => role in problem.fields);
  if (named.length) return named;
  if (problem.code === 'unpaid_invoices' && sent.includes('billing')) return ['billing'];
  return sent.length === 1 && problem.status !== 401 ? sent : [];
}

/** Service id → its own code, from a batch_refused naming `services[i]` of the ids sent. */
function refusedServices(problem: ApiProblem | undefined, sentIds: string[]): Map<string, string> {
  const refused = new Map<string, string>();
  if (problem?.code !== 'batch_refused') return refused;
  for (const [path, code] of Object.entries(problem.codes)) {
    const index = /^services\[(\d+)\]$/.exec(path)?.[1];
    const serviceId = index === undefined ? undefined : sentIds[Number(index)];
    if (serviceId) refused.set(serviceId, code);
  }
  return refused;
}

export function ChangeDialog({
  services,
  batch = false,
  me,
  open,
  onClose,
  onCreated,
  onLeaveOut,
}: {
  /** The service of the row, or the selection (a batch). */
  services: Service[];
  batch?: boolean;
  me: string;
  /** The caller's open requests by service, to link a change_pending refusal to. */
  open?: OpenRequests;
  onClose(): void;
  onCreated(): void;
  /** A service left out in the dialog leaves the table's selection too. */
  onLeaveOut?(serviceIds: string[]): void;
}) {
  const { t } = useWords();
  // What the dialog was opened with; leaving a service out keeps it listed, unticked, to put back.
  const [asked] = useState(services);
  const [included, setIncluded] = useState<ReadonlySet<string>>(
    () => new Set(services.map((s) => s.serviceId)),
  );
  const chosen = asked.filter((s) => included.has(s.serviceId));
  const [values, setValues] = useState<Record<Role, string>>({ admin: '', tech: '', billing: '' });
  const [problem, setProblem] = useState<ApiProblem>();
  /** The form's own check, before any call: no new contact typed, or no service left. */
  const [empty, setEmpty] = useState<'contact' | 'service'>();
  const [sent, setSent] = useState<{ roles: Role[]; serviceIds: string[] }>({ roles: [], serviceIds: [] });
  const problemRoles = rolesOf(problem, sent.roles);
  const [sending, setSending] = useState(false);
  const [created, setCreated] = useState<ContactChange[]>();
  const submitButton = useRef<HTMLButtonElement>(null);
  // One key per dialog: a double submit or a retry after a lost answer creates nothing twice.
  const idempotencyKey = useMemo(() => crypto.randomUUID(), []);

  const body: Asked = Object.fromEntries(
    ROLES.filter((role) => values[role].trim()).map((role) => [role, values[role].trim()]),
  );
  const previews = asked.map((service) => previewOf(service, body, me));
  const refusals = new Map<string, string>([
    ...previews.flatMap((p): [string, string][] => (p.refusal ? [[p.service.serviceId, p.refusal]] : [])),
    ...refusedServices(problem, sent.serviceIds),
  ]);
  const refusedChosen = chosen.filter((s) => refusals.has(s.serviceId)).map((s) => s.serviceId);

  const toggle = (serviceId: string, include: boolean) => {
    const next = new Set(included);
    if (include) next.add(serviceId);
    else next.delete(serviceId);
    setIncluded(next);
    if (!include) onLeaveOut?.([serviceId]);
  };
  const leaveOutRefused = () => {
    setIncluded(new Set([...included].filter((id) => !refusedChosen.includes(id))));
    onLeaveOut?.(refusedChosen);
    setProblem(undefined);
    // The button pressed is gone: Send, what comes next, takes the focus.
    submitButton.current?.focus();
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    const missing = Object.keys(body).length === 0 ? 'contact' : chosen.length === 0 ? 'service' : undefined;
    setEmpty(missing);
    // Known refusals (editableRoles) are shown already: asking would only be refused.
    if (missing || (batch && refusedChosen.length > 0 && !problem)) {
      setProblem(undefined);
      return;
    }
    const serviceIds = chosen.map((s) => s.serviceId);
    setSent({ roles: ROLES.filter((role) => role in body), serviceIds });
    setSending(true);
    try {
      const params = { header: { 'idempotency-key': idempotencyKey } };
      const requests = batch
        ? (
            await call(
              api.POST('/contact-changes/batches', { params, body: { services: serviceIds, ...body } }),
            )
          ).batch.requests
        : (
            await call(
              api.POST('/services/{serviceId}/contact-changes', {
                params: { ...params, path: { serviceId: serviceIds[0]! } },
                body,
              }),
            )
          ).requests;
      setCreated(requests);
      setProblem(undefined);
      onCreated();
    } catch (error) {
      setProblem(error as ApiProblem);
    } finally {
      setSending(false);
    }
  };

  const title = batch ? t.change.titleMany(asked.length) : t.change.title(asked[0]!.name);
  return (
    <Dialog title={title} onClose={onClose}>
      {created ? (
        <Created requests={created} batch={batch} />
      ) : (
        <form onSubmit={submit} noValidate>
          <p>{batch ? t.change.introMany : t.change.intro}</p>
          {ROLES.map((role) => (
            <RoleField
              key={role}
              role={role}
              services={chosen.length ? chosen : asked}
              batch={batch}
              value={values[role]}
              problem={problemRoles.includes(role) ? problem : undefined}
              open={open}
              onInput={(value) => {
                setValues({ ...values, [role]: value });
                // What the API refused was about the old value.
                if (problem?.code === 'batch_refused') setProblem(undefined);
              }}
            />
          ))}
          {batch && Object.keys(body).length > 0 && (
            <p class="hint">
              {t.change.confirmers(
                confirmersOf(body, me)
                  .map((nic) => (nic === me ? t.contacts.you : nic))
                  .join(', '),
              )}
            </p>
          )}
          {batch && (
            <BatchPreview previews={previews} included={included} refusals={refusals} onToggle={toggle} />
          )}
          {empty ? (
            <p class="alert" role="alert">
              {empty === 'contact' ? t.change.nothing : t.change.noServices}
            </p>
          ) : batch && refusedChosen.length > 0 ? (
            <div class="alert" role="alert">
              <p>
                {problem ? t.change.nothingAsked : ''}{' '}
                {t.change.refusedSummary(
                  chosen.filter((s) => refusals.has(s.serviceId)).map((s) => s.name),
                  chosen.length,
                )}
              </p>
              {refusedChosen.length < chosen.length && (
                <button type="button" class="secondary" onClick={leaveOutRefused}>
                  {t.change.leaveOut(refusedChosen.length)}
                </button>
              )}
            </div>
          ) : (
            <ProblemAlert problem={problem} shown={problemRoles.length > 0} />
          )}
          <div class="buttons">
            <button type="submit" disabled={sending} ref={submitButton}>
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
  services,
  batch,
  value,
  problem,
  open,
  onInput,
}: {
  role: Role;
  services: Service[];
  batch: boolean;
  value: string;
  problem?: ApiProblem;
  open?: OpenRequests;
  onInput(value: string): void;
}) {
  const { t } = useWords();
  // In a batch, a role open on some of the services: the preview marks the others.
  const allowed = services.some((service) => service.editableRoles.includes(role));
  // A value the API could not read as a contact: say what it expects rather than only that it is wrong.
  const error = !problem
    ? null
    : problem.code === 'validation_failed'
      ? t.change.badContact
      : problemText(t, problem.code, problem.message);
  const pending =
    problem?.code === 'change_pending' && error
      ? services.flatMap((s) => open?.get(s.serviceId) ?? []).find((r) => r.roles.includes(role))
      : undefined;
  const rule = allowed ? (role === 'billing' ? t.change.billingRule : '') : t.change.notAllowed[role];
  const [first] = services;
  const now = batch || !first ? t.change.kind : t.change.current(personOf(first.names, first.contacts[role]));
  const hint = [now, rule].filter(Boolean).join(' ');
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
