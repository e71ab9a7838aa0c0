// Every HTTP route of the API, collected from the declarations beside the handlers (declareRoute): the
// CDK stack makes one function per deployed route, API Gateway and CloudFront route to them, the local
// server serves the same handlers, and the OpenAPI document lists the same specs. Nothing here is
// typed by hand but the handler files themselves.
import { buildOpenApiDocument } from '../../shared/http/openapi';
import { routesIn } from '../declare';
import * as answers from './answers';
import * as batchAnswers from './batch-answers';
import * as batchCancelResend from './batch-cancel-resend';
import * as batches from './batches';
import * as confirmBatchPage from './confirm-batch-page';
import * as confirmPage from './confirm-page';
import * as contactChanges from './contact-changes';
import * as emailChangeCancel from './email-change-cancel';
import * as health from './health';
import * as me from './me';
import * as openapi from './openapi';
import * as services from './services';

const HANDLER_FILES = {
  answers,
  'batch-answers': batchAnswers,
  'batch-cancel-resend': batchCancelResend,
  batches,
  'confirm-batch-page': confirmBatchPage,
  'confirm-page': confirmPage,
  'contact-changes': contactChanges,
  'email-change-cancel': emailChangeCancel,
  health,
  me,
  openapi,
  services,
};

/** In path order, then by method: the same order whatever the files' layout. */
export const HTTP_ROUTES = Object.entries(HANDLER_FILES)
  .flatMap(([file, module]) => routesIn(`functions/http/${file}.ts`, module))
  .sort((a, b) => `${a.route.path} ${a.route.method}`.localeCompare(`${b.route.path} ${b.route.method}`));

export type HttpRoute = (typeof HTTP_ROUTES)[number];

/** `list-services` → `listServices`: the function's name is already unique per route. */
const operationId = (name: string) => name.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());

/**
 * What a client reads first. In AWS, API Gateway answers some requests itself, before any handler,
 * with bodies that are not problem documents; docs/decisions.md says why they are stated, not mapped.
 */
const DESCRIPTION = `Who the admin, technical and billing contacts of each service are, and confirmed changes of them.

Every error this API's handlers answer is an RFC 9457 problem document (\`application/problem+json\`, with a \`code\`). Deployed on AWS, API Gateway answers these requests itself, before any handler runs, with a JSON body \`{"message": "..."}\` instead:

| when | status | body |
| --- | --- | --- |
| no, a malformed, expired or foreign bearer token on an authenticated route (the JWT authorizer; its \`www-authenticate\` header says why) | 401 | \`{"message":"Unauthorized"}\` |
| over the stage's rate limit (50 requests/s, bursts of 100, per route) | 429 | \`{"message":"Too Many Requests"}\` (no \`Retry-After\`) |
| a method and path that no route declares, a known path with another method included | 404 | \`{"message":"Not Found"}\` |
| a body over 10 MB, or a request line and headers over 10,240 bytes | 413 (body) | API Gateway's own |
| a handler that fails before answering, times out or is throttled by Lambda | 5xx | \`{"message":"Internal Server Error"}\` or similar |

Through the CloudFront distribution, a path outside the API's (see \`paths\`) reaches the control panel's bucket instead, and CloudFront's own failures (an origin unreachable) are CloudFront's HTML pages. Tell these apart by the content type: only \`application/problem+json\` carries a \`code\`. Run locally (\`npm start\`), the server answers the same cases with problem documents (\`unauthenticated\`, \`not_found\`, \`method_not_allowed\` for a known path with another method, \`payload_too_large\`, \`headers_too_large\` (431) for headers past Node's 16 KB, \`internal_error\`) and has no stage throttle.`;

/** The published document: every deployed route, as GET /openapi.json serves it and the panel is typed from it. */
export const contractDocument = () =>
  buildOpenApiDocument(
    HTTP_ROUTES.filter((entry) => !entry.localOnly).map((entry) => ({
      ...entry.route,
      operationId: operationId(entry.name),
    })),
    {
      title: 'Service contacts',
      version: '1',
      description: DESCRIPTION,
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
  );
