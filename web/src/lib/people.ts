// How the panel names a person: "Name (handle)" from the API's `names`, so that nobody has to know
// handles by heart; the handle alone for an account the API has no name for.
export type Names = Record<string, string> | undefined;

/** `mark` ("you") joins the handle in its brackets: "Aino Aalto (aa123456-ovh, you)". */
export function personOf(names: Names, nic: string, mark?: string): string {
  const name = names?.[nic];
  const inBrackets = mark ? `${nic}, ${mark}` : nic;
  if (name) return `${name} (${inBrackets})`;
  return mark ? `${nic} (${mark})` : nic;
}
