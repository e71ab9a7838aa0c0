// A screen's title: the document's title and its one h1, which takes focus after an in-panel
// navigation so that a screen reader or keyboard user starts at the top of the new screen.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useWords } from '../lib/i18n';

let firstScreen = true;

export function Page({ title, children }: { title: string; children: ComponentChildren }) {
  const { t } = useWords();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} – ${t.appName}`;
  }, [title, t]);
  useEffect(() => {
    if (!firstScreen) heading.current?.focus();
    firstScreen = false;
  }, []);
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {children}
    </>
  );
}
