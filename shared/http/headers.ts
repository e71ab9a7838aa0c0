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
  const contentType = String(headers['content-type'] ?? '');
  // The API's words (`message`, `reason`, a problem's `detail`) are English; pages carry their own lang.
  if (/json/.test(contentType)) headers['content-language'] ??= 'en';
  Object.assign(headers, SECURITY_HEADERS, contentType.includes('text/html') ? PAGE_SECURITY_HEADERS : {});
}

/**
 * Helmet's security headers, as @middy/http-security-headers set them before (4 KB of every bundle for
 * these constants). Our own CSP is set above and in htmlRoute (a nonce per page); Report-To and
 * Reporting-Endpoints are left out because nothing receives reports, X-XSS-Protection because the XSS
 * auditor is gone from browsers, X-Powered-By because nothing sets it.
 */
const SECURITY_HEADERS = {
  'Origin-Agent-Cluster': '?1',
  'Referrer-Policy': 'no-referrer',
  'Strict-Transport-Security': 'max-age=15552000; includeSubDomains; preload',
  'X-Content-Type-Options': 'nosniff',
  'X-DNS-Prefetch-Control': 'off',
  'X-Download-Options': 'noopen',
  'X-Permitted-Cross-Domain-Policies': 'none',
};

/** What only a document needs: pages are never framed or embedded, and use no browser feature. */
const PAGE_SECURITY_HEADERS = {
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': [
    'accelerometer',
    'ambient-light-sensor',
    'autoplay',
    'battery',
    'camera',
    'cross-origin-isolated',
    'display-capture',
    'document-domain',
    'encrypted-media',
    'execution-while-not-rendered',
    'execution-while-out-of-viewport',
    'fullscreen',
    'geolocation',
    'gyroscope',
    'keyboard-map',
    'magnetometer',
    'microphone',
    'midi',
    'navigation-override',
    'payment',
    'picture-in-picture',
    'publickey-credentials-get',
    'screen-wake-lock',
    'sync-xhr',
    'usb',
    'web-share',
    'xr-spatial-tracking',
    'clipboard-read',
    'clipboard-write',
    'gamepad',
    'speaker-selection',
    'conversion-measurement',
    'focus-without-user-activation',
    'hid',
    'idle-detection',
    'interest-cohort',
    'serial',
    'sync-script',
    'trust-token-redemption',
    'window-placement',
    'vertical-scroll',
  ]
    .map((feature) => `${feature}=()`)
    .join(', '),
  'X-Frame-Options': 'DENY',
};
