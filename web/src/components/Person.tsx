// A person where the panel marks the reader's own roles: "Aino Aalto (aa123456-ovh, you)", the mark
// in the brand colour so the reader finds themself at a glance.
import type { Names } from '../lib/people';

export function Person({ names, nic, you }: { names: Names; nic: string; you?: string }) {
  const name = names?.[nic];
  if (!name)
    return (
      <>
        {nic}
        {you && <strong class="you"> ({you})</strong>}
      </>
    );
  return (
    <>
      {name} ({nic}
      {you && <strong class="you">, {you}</strong>})
    </>
  );
}
