// The confirm pages' one stylesheet, sent inline under the CSP nonce: no external assets, no style
// attributes. The product's look (colours, type, header, buttons) comes from LOOK_CSS, which the
// panel shares; what follows is the pages' own layout. Every text colour keeps at least 4.5:1
// against its background (WCAG AA) in both schemes; the e2e test measures it in the browser.
import { LOOK_CSS } from '../look/look-css';

export const PAGE_CSS = `${LOOK_CSS}
.top-in { max-width: 46rem; }
/* On a phone the card runs edge to edge: a 32-symbol code needs every pixel of a 360px screen. */
.wrap { max-width: 46rem; margin: 0 auto; padding: 0 0 2rem; }
.card { background: var(--surface); border-bottom: 1px solid var(--line); padding: 1.5rem 1rem 2rem; }
@media (min-width: 40rem) {
  .wrap { padding: 2.5rem 1.5rem 4rem; }
  .card { border: 1px solid var(--line); border-radius: .875rem; padding: 2.25rem 2.5rem 2.5rem; box-shadow: var(--shadow); }
}
.eyebrow {
  margin: 0 0 .5rem; color: var(--muted); font-size: .8125rem; font-weight: 650;
  letter-spacing: .06em; text-transform: uppercase;
}
h1 { margin: 0 0 .75rem; }
h2 { margin: 2rem 0 .5rem; }
p { margin: 0 0 1rem; }
.lead { font-size: 1.0625rem; }
.muted { color: var(--muted); }
.small { font-size: .9375rem; }
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
/* A code of 32 symbols reads best in the monospace face, across the card's width. */
input { display: block; width: 100%; max-width: 30rem; min-height: 3rem; font-family: var(--mono); }
.field-error { margin: .5rem 0 0; color: var(--danger); font-weight: 650; }
.actions { display: flex; flex-direction: column; gap: .75rem; margin: 1rem 0 0; }
@media (min-width: 30rem) { .actions { flex-direction: row; } }
.actions button { min-height: 3rem; min-width: 8.5rem; padding: .6875rem 1.5rem; }
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
