// The caller's open requests by service, for the "request open" marker and the change_pending link.
// API.md has no per-service field for it; the caller's own open requests (usually a handful) say it.
import { api, call, type ContactChange } from './api/client';

export type OpenRequests = Map<string, ContactChange[]>;

export async function loadOpenRequests(): Promise<OpenRequests> {
  const byService: OpenRequests = new Map();
  let cursor: string | undefined;
  do {
    const page = await call(
      api.GET('/me/contact-changes', {
        params: { query: { state: 'awaiting_confirmation', limit: 100, ...(cursor ? { cursor } : {}) } },
      }),
    );
    for (const request of page.items)
      byService.set(request.serviceId, [...(byService.get(request.serviceId) ?? []), request]);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return byService;
}
