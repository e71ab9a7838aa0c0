// The confirm pages' one stylesheet, sent inline under the CSP nonce: no external assets, no style
// attributes. Every text colour keeps at least 4.5:1 against its background (WCAG AA) in both
// schemes; the e2e test measures it in the browser rather than trusting this comment.
export const PAGE_CSS = `
:root {
  color-scheme: light dark;
  --bg: #eef1f5; --surface: #ffffff; --subtle: #f7f9fb; --ink: #141c2b; --muted: #4a5568;
  --line: #dce1e8; --field: #6b7280; --accent: #1d4ed8; --accent-hover: #1e40af; --on-accent: #ffffff;
  --focus: #1d4ed8; --danger: #b42318; --danger-line: #d0d5dd;
  --ok: #146c2e; --ok-bg: #dcf5e3; --wait: #7a4b00; --wait-bg: #fdf0d2; --bad: #9f1d1d; --bad-bg: #fde4e2;
  --warn-line: #b45309; --warn-bg: #fffbeb;
  --shadow: 0 1px 2px rgb(16 24 40 / 6%), 0 8px 24px rgb(16 24 40 / 6%);
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0b1120; --surface: #141c2e; --subtle: #10182a; --ink: #e7ecf4; --muted: #aab5c7;
    --line: #2b3852; --field: #8a96ab; --accent: #8ab4ff; --accent-hover: #a9c7ff; --on-accent: #0b1120;
    --focus: #8ab4ff; --danger: #ff9b8f; --danger-line: #4a5873;
    --ok: #8de0a6; --ok-bg: #123222; --wait: #f6cf7a; --wait-bg: #3a2a0c; --bad: #ffaaa1; --bad-bg: #3d1616;
    --warn-line: #f6cf7a; --warn-bg: #2a2110;
    --shadow: none;
  }
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--ink);
  font: 1rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
.top { background: var(--surface); border-bottom: 1px solid var(--line); }
.top-in { max-width: 46rem; margin: 0 auto; padding: .75rem 1rem; display: flex; align-items: center; gap: .625rem; }
.brand { font-weight: 650; letter-spacing: -.01em; }
.product { color: var(--muted); }
.product::before { content: "· "; }
.mark { position: relative; flex: none; width: 1.75rem; height: 1.75rem; border-radius: .5rem; background: var(--accent); }
.mark::after {
  content: ""; position: absolute; left: .6rem; top: .32rem; width: .45rem; height: .85rem;
  border: solid var(--on-accent); border-width: 0 .19rem .19rem 0; transform: rotate(45deg);
}
/* On a phone the card runs edge to edge: a 32-symbol code needs every pixel of a 360px screen. */
.wrap { max-width: 46rem; margin: 0 auto; padding: 0 0 2rem; }
.card { background: var(--surface); border-bottom: 1px solid var(--line); padding: 1.5rem 1rem 2rem; }
@media (min-width: 40rem) {
  .top-in { padding: .75rem 1.5rem; }
  .wrap { padding: 2.5rem 1.5rem 4rem; }
  .card { border: 1px solid var(--line); border-radius: .875rem; padding: 2.25rem 2.5rem 2.5rem; box-shadow: var(--shadow); }
}
.eyebrow {
  margin: 0 0 .5rem; color: var(--muted); font-size: .8125rem; font-weight: 650;
  letter-spacing: .06em; text-transform: uppercase;
}
h1 { margin: 0 0 .75rem; font-size: 1.5rem; line-height: 1.25; letter-spacing: -.015em; overflow-wrap: anywhere; }
@media (min-width: 40rem) { h1 { font-size: 1.875rem; } }
h2 { margin: 2rem 0 .5rem; font-size: 1.0625rem; line-height: 1.35; }
p { margin: 0 0 1rem; }
.lead { font-size: 1.0625rem; }
.muted { color: var(--muted); }
.small { font-size: .9375rem; }
.handle { font-family: ui-monospace, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: .9375em; }
.facts { margin: 1.25rem 0 0; border: 1px solid var(--line); border-radius: .625rem; overflow: hidden; }
.facts > div { padding: .625rem 1rem; border-top: 1px solid var(--line); }
.facts > div:first-child { border-top: 0; }
.facts dt { color: var(--muted); font-size: .875rem; }
.facts dd { margin: 0; font-weight: 550; overflow-wrap: anywhere; }
@media (min-width: 40rem) {
  .facts > div { display: grid; grid-template-columns: 13rem 1fr; gap: 1rem; align-items: baseline; }
  .facts dt { font-size: .9375rem; }
}
.people { list-style: none; margin: .75rem 0 0; padding: 0; border-top: 1px solid var(--line); }
.people li {
  display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: .25rem .75rem;
  padding: .625rem 0; border-bottom: 1px solid var(--line);
}
.who { overflow-wrap: anywhere; }
.when { display: block; color: var(--muted); font-size: .875rem; }
.pill { display: inline-block; padding: .125rem .625rem; border-radius: 999px; font-size: .875rem; font-weight: 650; white-space: nowrap; }
.pill-accepted { color: var(--ok); background: var(--ok-bg); }
.pill-pending { color: var(--wait); background: var(--wait-bg); }
.pill-refused { color: var(--bad); background: var(--bad-bg); }
/* A box of its own from 30rem up; on a phone the form keeps the card's full width instead. */
.answer { margin-top: 1.25rem; padding-top: 1rem; border-top: 1px solid var(--line); }
@media (min-width: 30rem) {
  .answer { padding: 1.25rem 1.5rem; background: var(--subtle); border: 1px solid var(--line); border-radius: .625rem; }
}
.warning { margin: 1rem 0 0; padding: .75rem 1rem; border-left: .3rem solid var(--warn-line); background: var(--warn-bg); border-radius: .25rem; }
.roles { margin-top: 1.5rem; }
.roles p { margin: 0 0 .25rem; font-weight: 650; }
.roles ul { margin: 0; padding-left: 1.25rem; }
.roles li + li { margin-top: .25rem; }
.answer h2 { margin-top: 0; }
label { display: block; margin: 0 0 .25rem; font-weight: 650; }
.hint { margin: .375rem 0 0; color: var(--muted); font-size: .875rem; }
input {
  display: block; width: 100%; max-width: 30rem; min-height: 3rem; padding: .5rem;
  color: var(--ink); background: var(--surface); border: 1px solid var(--field); border-radius: .5rem;
  /* 16px or more, or iOS zooms the page in when the field takes focus. */
  font: 1rem/1.4 ui-monospace, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", monospace;
}
input[aria-invalid="true"] { border: 2px solid var(--danger); }
.field-error { margin: .5rem 0 0; color: var(--danger); font-weight: 650; }
.actions { display: flex; flex-direction: column; gap: .75rem; margin: 1rem 0 0; }
@media (min-width: 30rem) { .actions { flex-direction: row; } }
button {
  min-height: 3rem; min-width: 8.5rem; padding: .6875rem 1.5rem; border-radius: .5rem; cursor: pointer;
  font: inherit; font-weight: 650;
}
.primary { color: var(--on-accent); background: var(--accent); border: 1px solid var(--accent); }
.primary:hover { background: var(--accent-hover); border-color: var(--accent-hover); }
.secondary { color: var(--danger); background: var(--surface); border: 1px solid var(--danger-line); }
.secondary:hover { border-color: var(--danger); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
input:focus-visible { outline-offset: 1px; }
.means { margin: 1rem 0 0; padding: 0; list-style: none; color: var(--muted); font-size: .9375rem; }
.means li + li { margin-top: .25rem; }
.note { margin: 1rem 0 0; color: var(--muted); font-size: .875rem; }
.outcome > div { min-width: 0; }
@media (min-width: 30rem) { .outcome { display: flex; gap: 1rem; align-items: flex-start; } }
.badge {
  flex: none; display: grid; place-items: center; width: 2.75rem; height: 2.75rem; border-radius: 50%;
  margin: 0 0 .75rem; font-size: 1.375rem; font-weight: 700; line-height: 1;
}
.outcome + .answer { margin-top: .5rem; }
a { color: var(--accent); font-weight: 650; text-underline-offset: .18em; }
a:hover { text-decoration-thickness: .12em; }
.about { margin: 1.5rem 0 0; }
.badge-ok { color: var(--ok); background: var(--ok-bg); }
.badge-wait { color: var(--wait); background: var(--wait-bg); position: relative; }
/* A clock drawn in CSS: the ellipsis glyph sat low in some fonts, and no image may be loaded. */
.badge-wait::before {
  content: ""; position: absolute; inset: .7rem; border: .15rem solid currentColor; border-radius: 50%;
}
.badge-wait::after {
  content: ""; position: absolute; left: calc(50% - .075rem); top: .95rem; width: .4rem; height: .5rem;
  border: solid currentColor; border-width: 0 0 .15rem .15rem;
}
.badge-bad { color: var(--bad); background: var(--bad-bg); }
.badge-info { color: var(--accent); background: var(--subtle); border: 1px solid var(--line); }
`;
