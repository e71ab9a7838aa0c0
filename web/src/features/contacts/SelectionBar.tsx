// Above the table: "select all shown" (what the filters show, and the caller may change), how many
// services are selected (a live region, so a screen reader hears each tick), and "Change selected".
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Service } from '../../lib/api/client';
import { useWords } from '../../lib/i18n';

/** API.md: a batch names 1 to 100 services. */
export const MAX_BATCH = 100;

export function SelectionBar({
  shown,
  selected,
  onSelect,
  onChange,
}: {
  shown: Service[];
  selected: Service[];
  onSelect(serviceIds: string[], selected: boolean): void;
  onChange(): void;
}) {
  const { t } = useWords();
  const selectable = useMemo(
    () => shown.filter((s) => s.editableRoles.length > 0).map((s) => s.serviceId),
    [shown],
  );
  const chosen = useMemo(() => new Set(selected.map((s) => s.serviceId)), [selected]);
  const some = selectable.some((id) => chosen.has(id));
  const all = selectable.length > 0 && selectable.every((id) => chosen.has(id));
  const box = useRef<HTMLInputElement>(null);
  // "Some of those shown": neither ticked nor empty, as a screen reader says it too (mixed).
  useEffect(() => {
    if (box.current) box.current.indeterminate = some && !all;
  }, [some, all]);
  // Said when "Change selected" cannot open: nothing selected, or more than a batch takes.
  const [notice, setNotice] = useState<string>();
  useEffect(() => setNotice(undefined), [selected.length]);

  const change = () => {
    if (selected.length === 0) setNotice(t.contacts.selectFirst);
    else if (selected.length > MAX_BATCH) setNotice(t.contacts.tooMany(MAX_BATCH));
    else onChange();
  };
  return (
    <div class="selection">
      <label class="check" for="select-all">
        <input
          type="checkbox"
          id="select-all"
          ref={box}
          checked={all}
          disabled={selectable.length === 0}
          onChange={(e) => onSelect(selectable, e.currentTarget.checked)}
        />{' '}
        {t.contacts.selectAll}
      </label>
      <p role="status" class="count" id="selected-count">
        {t.contacts.selected(selected.length)}
      </p>
      {/* Never disabled: a disabled button cannot be found by keyboard, nor take the focus back. */}
      <button type="button" id="change-selected" aria-describedby="selected-count" onClick={change}>
        {t.contacts.changeSelected}
      </button>
      {notice && (
        <p class="alert" role="alert">
          {notice}
        </p>
      )}
    </div>
  );
}
