// The product's one visual language, shared by the confirm pages (inlined under their CSP nonce by
// shared/pages/layout.ts) and the control panel (imported as `virtual:look.css` through
// web/vite.config.ts): colours, type, links, focus ring, the header and the buttons. A customer who
// comes from an email link to a confirm page and then signs in sees the same product; a colour
// changed here changes in both. Every text colour keeps at least 4.5:1 against the backgrounds it is
// drawn on (WCAG AA) in both schemes; the browser tests measure it rather than trust this comment.
export const LOOK_CSS = `
:root {
  color-scheme: light dark;
  --bg: #eef1f5; --surface: #ffffff; --subtle: #f7f9fb; --ink: #141c2b; --muted: #4a5568;
  --line: #dce1e8; --field: #6b7280; --accent: #1d4ed8; --accent-hover: #1e40af; --on-accent: #ffffff;
  --accent-bg: #eaf0fe; --focus: #1d4ed8; --danger: #b42318; --danger-line: #d0d5dd;
  --ok: #146c2e; --ok-bg: #dcf5e3; --wait: #7a4b00; --wait-bg: #fdf0d2; --bad: #9f1d1d; --bad-bg: #fde4e2;
  --warn-line: #b45309; --warn-bg: #fffbeb;
  --radius: .625rem;
  --shadow: 0 1px 2px rgb(16 24 40 / 6%), 0 8px 24px rgb(16 24 40 / 6%);
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  --mono: ui-monospace, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", monospace;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0b1120; --surface: #141c2e; --subtle: #10182a; --ink: #e7ecf4; --muted: #aab5c7;
    --line: #2b3852; --field: #8a96ab; --accent: #8ab4ff; --accent-hover: #a9c7ff; --on-accent: #0b1120;
    --accent-bg: #17233d; --focus: #8ab4ff; --danger: #ff9b8f; --danger-line: #4a5873;
    --ok: #8de0a6; --ok-bg: #123222; --wait: #f6cf7a; --wait-bg: #3a2a0c; --bad: #ffaaa1; --bad-bg: #3d1616;
    --warn-line: #f6cf7a; --warn-bg: #2a2110;
    --shadow: none;
  }
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 1rem/1.55 var(--sans); }
h1 { font-size: 1.5rem; line-height: 1.25; letter-spacing: -.015em; overflow-wrap: anywhere; }
@media (min-width: 40rem) { h1 { font-size: 1.875rem; } }
h2 { font-size: 1.0625rem; line-height: 1.35; }
a { color: var(--accent); font-weight: 650; text-underline-offset: .18em; }
a:hover { text-decoration-thickness: .12em; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.handle { font-family: var(--mono); font-size: .9375em; }

/* The header: the mark, the product's name, then whatever the page puts beside them. */
.top { background: var(--surface); border-bottom: 1px solid var(--line); }
.top-in { margin: 0 auto; padding: .75rem 1rem; display: flex; align-items: center; gap: .5rem .625rem; }
@media (min-width: 40rem) { .top-in { padding: .75rem 1.5rem; } }
.brand { margin: 0; font-weight: 650; letter-spacing: -.01em; }
.product { color: var(--muted); }
.product::before { content: "· "; }
.mark { position: relative; flex: none; width: 1.75rem; height: 1.75rem; border-radius: .5rem; background: var(--accent); }
.mark::after {
  content: ""; position: absolute; left: .6rem; top: .32rem; width: .45rem; height: .85rem;
  border: solid var(--on-accent); border-width: 0 .19rem .19rem 0; transform: rotate(45deg);
}

/* Buttons: the main action filled, the others outlined; a destructive one in the danger colour. */
button {
  min-height: 2.75rem; padding: .5rem 1.125rem; border-radius: .5rem; cursor: pointer;
  font: inherit; font-weight: 650;
  color: var(--on-accent); background: var(--accent); border: 1px solid var(--accent);
}
button:hover { background: var(--accent-hover); border-color: var(--accent-hover); }
button.secondary { color: var(--accent); background: var(--surface); border-color: var(--line); }
button.secondary:hover { background: var(--surface); border-color: var(--accent); }
button.danger { color: var(--danger); background: var(--surface); border-color: var(--danger-line); }
button.danger:hover { background: var(--surface); border-color: var(--danger); }
button:disabled { opacity: .6; cursor: default; }

/* Fields: 16px text or more, or iOS zooms the page in when a field takes focus. */
input, select {
  min-height: 2.75rem; padding: .5rem; max-width: 100%;
  color: var(--ink); background: var(--surface); border: 1px solid var(--field); border-radius: .5rem;
  font: 1rem/1.4 var(--sans);
}
input[aria-invalid="true"] { border: 2px solid var(--danger); }
input:focus-visible { outline-offset: 1px; }
`;
