// The panel asks, never decides (STYLE.md, API.md "actions"): what a caller may do with a request or
// a service comes from the API (`actions`, `editableRoles`), so no rule of who may do what is written
// twice. This reads web/src for the shapes such a rule takes and fails on any.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const WEB = join(import.meta.dirname, '../../web/src');

/** Each shape of a permission decided in the browser, with what it decides by. */
const DECIDING: [RegExp, string][] = [
  [/\baskedBy\s*[!=]==|[!=]==\s*[\w.!?]*\baskedBy\b/, 'being the asker'],
  [
    /\bmyRoles\s*\.\s*(includes|some|every|indexOf|find)\(\s*['"](admin|tech|billing)['"]/,
    'a named role of the caller',
  ],
  [
    /\bcontacts\s*(\.\w+|\[[^\]]+\])\s*[!=]==|[!=]==\s*[\w.!?]*\bcontacts\s*(\.\w+|\[[^\]]+\])/,
    'holding a role on the service',
  ],
  [
    /\b(isAdmin|mayCancel|mayResend|mayAnswer|canCancel|canResend|canAnswer|canChange)\b/,
    'a permission of its own',
  ],
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    // The generated API types only describe what the API sends.
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

function decisions(source: string): string[] {
  return source
    .split('\n')
    .flatMap((line, index) =>
      DECIDING.filter(([shape]) => shape.test(line)).map(([, by]) => `${index + 1}: ${by}: ${line.trim()}`),
    );
}

describe('the panel decides no permission', () => {
  it('web/src has no rule of who may do what', () => {
    const files = sources(WEB);
    expect(files.length).toBeGreaterThan(20);
    const found = files.flatMap((file) =>
      decisions(readFileSync(file, 'utf8')).map((d) => `${relative(WEB, file)}:${d}`),
    );
    expect(found).toEqual([]);
  });

  // The lines this check was written against (the panel before it read `actions`): each is caught.
  it.each([
    'mayCancel={request.askedBy === account.nic}',
    "return { request, admin: service?.myRoles.includes('admin') ?? false };",
    '{service.data!.contacts[role] === account.nic && (',
    '{(mine || request.askedBy === me) && waitingFor.length > 0 && (',
    'const isAdmin = account.nic === service.contacts.admin;',
  ])('catches: %s', (line) => {
    expect(decisions(line)).not.toEqual([]);
  });

  it.each([
    'const allowed = service.editableRoles.includes(role);',
    'const may = (action: Action) => request.actions.includes(action);',
    'mine={service.myRoles.includes(role)}',
  ])('lets the API decide: %s', (line) => {
    expect(decisions(line)).toEqual([]);
  });
});
