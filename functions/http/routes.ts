// Every HTTP route of the API, collected from the declarations beside the handlers (declareRoute): the
// CDK stack makes one function per deployed route, API Gateway and CloudFront route to them, the local
// server serves the same handlers, and the OpenAPI document lists the same specs. Nothing here is
// typed by hand but the handler files themselves.
import { buildOpenApiDocument } from '../../shared/http/openapi';
import { routesIn } from '../declare';
import * as answers from './answers';
import * as confirmPage from './confirm-page';
import * as contactChanges from './contact-changes';
import * as health from './health';
import * as me from './me';
import * as openapi from './openapi';
import * as services from './services';

const HANDLER_FILES = {
  answers,
  'confirm-page': confirmPage,
  'contact-changes': contactChanges,
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
      description:
        'Who the admin, technical and billing contacts of each service are, and confirmed changes of them.',
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
  );
