// The header every screen starts with, the same mark and name as the confirm pages' (shared/look):
// a customer who follows an email link to a confirm page and then signs in sees one product.
import type { ComponentChildren } from 'preact';
import { useWords } from '../lib/i18n';

export function TopBar({ children }: { children?: ComponentChildren }) {
  const { t } = useWords();
  return (
    <header class="top">
      <div class="top-in">
        <span class="mark" aria-hidden="true"></span>
        <p class="brand">{t.appName}</p>
        {children}
      </div>
    </header>
  );
}
