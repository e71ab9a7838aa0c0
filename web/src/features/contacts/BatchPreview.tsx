// The selected services in the change dialog, each with what the change does to it, who is told, and
// why it would be refused; a checkbox per service leaves it out of (or puts it back into) what is sent.
import { useWords, problemText } from '../../lib/i18n';
import { personOf } from '../../lib/people';
import type { ServicePreview } from './preview';

export function BatchPreview({
  previews,
  included,
  refusals,
  onToggle,
}: {
  previews: ServicePreview[];
  included: ReadonlySet<string>;
  /** Service id → the code it would be refused with. */
  refusals: ReadonlyMap<string, string>;
  onToggle(serviceId: string, include: boolean): void;
}) {
  const { t } = useWords();
  return (
    <fieldset class="batch-preview">
      <legend>{t.change.servicesLegend(included.size, previews.length)}</legend>
      <ul class="plain">
        {previews.map(({ service, moves, told }) => {
          const id = `include-${service.serviceId}`;
          const refusal = refusals.get(service.serviceId);
          const on = included.has(service.serviceId);
          return (
            <li key={service.serviceId} class={on ? undefined : 'left-out'}>
              <label class="check" for={id}>
                <input
                  type="checkbox"
                  id={id}
                  checked={on}
                  aria-describedby={refusal && on ? `${id}-refused` : undefined}
                  onChange={(e) => onToggle(service.serviceId, e.currentTarget.checked)}
                />{' '}
                <strong>{service.name}</strong>
              </label>
              {on && (
                <div class="preview-lines">
                  {moves.map(({ role, from, to }) => (
                    <p key={role}>
                      {t.roles[role]}: {personOf(service.names, from)} → {personOf(service.names, to)}
                    </p>
                  ))}
                  {told.length > 0 && (
                    <p>{t.change.toldList(told.map((nic) => personOf(service.names, nic)).join(', '))}</p>
                  )}
                  {refusal && (
                    <p class="error" id={`${id}-refused`}>
                      {t.change.refused(problemText(t, refusal, ''))}
                    </p>
                  )}
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
