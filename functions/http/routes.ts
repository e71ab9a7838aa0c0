// Every HTTP route of the API, once: the CDK stack makes one function per entry (file + export),
// the local server routes to the same handlers, and the OpenAPI document lists the same specs.
import type { RouteSpec } from '../../shared/http/openapi';
import type { RouteHandler } from '../../shared/http/middleware';
import * as answers from './answers';
import * as changes from './contact-changes';
import * as confirm from './confirm-page';
import * as health from './health';
import * as me from './me';
import * as openapi from './openapi';
import * as services from './services';

export interface HttpRouteEntry {
  /** The function's name in AWS and in logs. */
  name: string;
  /** The handler's file under functions/http/, without extension, and its export. */
  file: string;
  exportName: string;
  route: RouteSpec;
  handler: RouteHandler;
  /** Served by `npm start` only, never deployed. */
  localOnly?: boolean;
}

const entry = (name: string, file: string, exportName: string, route: RouteSpec, handler: RouteHandler) => ({
  name,
  file,
  exportName,
  route,
  handler,
});

export const HTTP_ROUTES: HttpRouteEntry[] = [
  entry('health', 'health', 'handler', health.route, health.handler),
  entry('get-me', 'me', 'getMeHandler', me.getMeRoute, me.getMeHandler),
  entry('put-email', 'me', 'putEmailHandler', me.putEmailRoute, me.putEmailHandler),
  entry('confirm-email', 'me', 'confirmEmailHandler', me.confirmEmailRoute, me.confirmEmailHandler),
  entry('put-language', 'me', 'putLanguageHandler', me.putLanguageRoute, me.putLanguageHandler),
  entry(
    'list-services',
    'services',
    'listServicesHandler',
    services.listServicesRoute,
    services.listServicesHandler,
  ),
  entry('get-service', 'services', 'getServiceHandler', services.getServiceRoute, services.getServiceHandler),
  entry('get-history', 'services', 'historyHandler', services.historyRoute, services.historyHandler),
  entry('create-change', 'contact-changes', 'createHandler', changes.createRoute, changes.createHandler),
  entry(
    'list-changes',
    'contact-changes',
    'listChangesHandler',
    changes.listChangesRoute,
    changes.listChangesHandler,
  ),
  entry(
    'get-change',
    'contact-changes',
    'getChangeHandler',
    changes.getChangeRoute,
    changes.getChangeHandler,
  ),
  entry('accept', 'answers', 'acceptHandler', answers.acceptRoute, answers.acceptHandler),
  entry('refuse', 'answers', 'refuseHandler', answers.refuseRoute, answers.refuseHandler),
  entry('cancel', 'answers', 'cancelHandler', answers.cancelRoute, answers.cancelHandler),
  entry('resend', 'answers', 'resendHandler', answers.resendRoute, answers.resendHandler),
  entry('confirm-page', 'confirm-page', 'showHandler', confirm.showRoute, confirm.showHandler),
  entry('confirm-answer', 'confirm-page', 'answerHandler', confirm.answerRoute, confirm.answerHandler),
  entry('openapi', 'openapi', 'openApiHandler', openapi.openApiRoute, openapi.openApiHandler),
];
