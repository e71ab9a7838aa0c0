// The headers every answer of the API carries, whichever stack built it: the full route stack
// (middleware.ts) or a constant route's (constant-route.ts). One module, so the two cannot differ.
import type { MiddlewareObj } from '@middy/core';
import type { ApiEvent, ApiResult } from './route-spec';

/** Answers carry personal data and codes: no cache may keep them, and JSON is never a document. */
export const apiHeaders: MiddlewareObj<ApiEvent, ApiResult> = {
  after: addApiHeaders,
  onError: addApiHeaders,
};
function addApiHeaders(request: { response: ApiResult | null }) {
  if (!request.response) return;
  const headers = (request.response.headers ??= {});
  headers['cache-control'] = 'no-store';
  headers['content-security-policy'] ??= "default-src 'none'; frame-ancestors 'none'";
  // The API's words (`message`, `reason`, a problem's `detail`) are English; pages carry their own lang.
  if (/json/.test(String(headers['content-type'] ?? ''))) headers['content-language'] ??= 'en';
}

/**
 * For @middy/http-security-headers. Our own CSP is set in apiHeaders/htmlRoute (a nonce per page).
 * Report-To and Reporting-Endpoints are dropped because nothing receives reports, X-XSS-Protection
 * because the XSS auditor is gone from browsers. Not an inline literal: middy's types lack
 * `reportingEndpoints`, whose default sends an empty `Reporting-Endpoints` header.
 */
export const SECURITY_HEADERS = {
  contentSecurityPolicy: false,
  reportTo: false,
  reportingEndpoints: false,
  xssProtection: false,
  poweredBy: false,
};
