// What one change would do to each selected service, as far as the panel can tell before it asks:
// each role's move (old → new), who is only told, and the services the API already says the caller may
// not change that role of (`editableRoles`). The API checks everything again when asked, and what it
// refuses (batch_refused names each service with its own code) joins these after sending.
// The pure modules only, not the client (which needs a browser): test/unit/panel-preview.test.ts reads this.
import type { components } from '../../lib/api/schema';
import { ROLES } from '../../lib/api/unions';

type Role = components['schemas']['Role'];
type Service = components['schemas']['Service'];

export type Asked = Partial<Record<Role, string>>;

export interface Move {
  role: Role;
  from: string;
  to: string;
}

export interface ServicePreview {
  service: Service;
  moves: Move[];
  /** The old contacts who are told, not asked (DESIGN.md, "Who may ask for what"). */
  told: string[];
  /** The code the API would refuse this service with, when `editableRoles` already says so. */
  refusal?: 'role_not_allowed';
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * DESIGN.md's "who is only told", for the preview alone (the success box lists whom the API emailed):
 * an old contact who is not a confirmer (the asker or the new contact) is told when the asker takes the
 * role over, or when the change leaves them no role on the service.
 */
function toldOf(service: Service, moves: Move[], me: string): string[] {
  const after: Record<Role, string> = { ...service.contacts };
  for (const { role, to } of moves) after[role] = to;
  const told = moves.filter(({ from, to }) => {
    if (same(from, me) || same(from, to)) return false;
    return same(to, me) || !ROLES.some((role) => same(after[role], from));
  });
  return [...new Set(told.map((move) => move.from))];
}

export function previewOf(service: Service, asked: Asked, me: string): ServicePreview {
  const roles = ROLES.filter((role) => asked[role]);
  const moves = roles.map((role) => ({ role, from: service.contacts[role], to: asked[role]! }));
  const allowed = roles.every((role) => service.editableRoles.includes(role));
  return {
    service,
    moves,
    told: toldOf(service, moves, me),
    ...(allowed ? {} : { refusal: 'role_not_allowed' as const }),
  };
}

/** Who confirms a batch: the asker and each new contact, each once, whatever the number of services. */
export function confirmersOf(asked: Asked, me: string): string[] {
  const others = ROLES.flatMap((role) => (asked[role] && !same(asked[role], me) ? [asked[role]] : []));
  return [me, ...new Set(others)];
}
