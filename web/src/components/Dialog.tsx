// A modal dialog on the browser's own <dialog>: showModal() makes the rest of the page inert and
// Escape closes it; Tab wraps from the last control to the first (the browser would move on to its
// own toolbar), and focus returns to what opened it.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useWords } from '../lib/i18n';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled])';

function wrapTab(event: KeyboardEvent) {
  if (event.key !== 'Tab') return;
  const controls = [...(event.currentTarget as HTMLElement).querySelectorAll<HTMLElement>(FOCUSABLE)];
  const [first, last] = [controls[0], controls.at(-1)];
  if (!first || !last) return;
  if (event.shiftKey ? document.activeElement === first : document.activeElement === last) {
    event.preventDefault();
    (event.shiftKey ? last : first).focus();
  }
}

export function Dialog({
  title,
  onClose,
  children,
}: {
  title: string;
  onClose: () => void;
  children: ComponentChildren;
}) {
  const { t } = useWords();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current!;
    const opener = document.activeElement as HTMLElement | null;
    const openerId = opener?.id;
    dialog.showModal();
    return () => {
      if (dialog.open) dialog.close();
      // A list that reloaded while the dialog was open has replaced its buttons: the one that now
      // carries the opener's id takes the focus back.
      const stillThere = opener?.isConnected ? opener : undefined;
      (stillThere ?? (openerId ? document.getElementById(openerId) : null))?.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      aria-labelledby="dialog-title"
      onKeyDown={wrapTab}
      onCancel={(event) => {
        event.preventDefault(); // Escape: close through the owner, so its state follows
        onClose();
      }}
    >
      <div class="dialog-head">
        <h2 id="dialog-title">{title}</h2>
        <button type="button" class="secondary" onClick={onClose}>
          {t.close}
        </button>
      </div>
      {children}
    </dialog>
  );
}
