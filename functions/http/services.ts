// The caller's services, one service, and its history of changes.
import {
  contactChangePageSchema,
  serviceParams,
  servicePageSchema,
  serviceSchema,
  servicesQuery,
} from '../../shared/http/api-schemas';
import { jsonRoute } from '../../shared/http/middleware';
import { declareRoute } from '../declare';
import { defineRoute } from '../../shared/http/openapi';
import { pagingQuerySchema } from '../../shared/http/schemas';
import { deps } from '../../shared/runtime';
import { getHistory, getServiceOf, listMyServices } from '../../shared/usecases/queries';

const listServicesRoute = defineRoute({
  method: 'GET',
  path: '/me/services',
  auth: true,
  summary: 'Services where the caller holds any role',
  tags: ['services'],
  query: servicesQuery,
  responses: { 200: { description: 'A page of services.', schema: servicePageSchema } },
});

export const listServicesHandler = jsonRoute(listServicesRoute, async ({ caller, query }) =>
  listMyServices(deps(), caller, query),
);

export const listServicesFunction = declareRoute({
  name: 'list-services',
  route: listServicesRoute,
  handler: listServicesHandler,
  // BatchGetItem: the contacts' accounts, for the names not yet in this container's cache (one read for the page).
  needs: {
    items: ['dynamodb:BatchGetItem'],
    query: ['table', 'servicesByAdmin', 'servicesByTech', 'servicesByBilling'],
  },
});

const getServiceRoute = defineRoute({
  method: 'GET',
  path: '/services/{serviceId}',
  auth: true,
  summary: 'One service of the caller',
  tags: ['services'],
  params: serviceParams,
  responses: { 200: { description: 'The service.', schema: serviceSchema } },
  errors: ['not_found'],
});

export const getServiceHandler = jsonRoute(getServiceRoute, async ({ caller, params }) =>
  getServiceOf(deps(), caller, params.serviceId),
);

export const getServiceFunction = declareRoute({
  name: 'get-service',
  route: getServiceRoute,
  handler: getServiceHandler,
  needs: { items: ['dynamodb:GetItem', 'dynamodb:BatchGetItem'] },
});

const historyRoute = defineRoute({
  method: 'GET',
  path: '/services/{serviceId}/history',
  auth: true,
  summary: 'Past contact changes of a service, newest first',
  tags: ['services'],
  params: serviceParams,
  query: pagingQuerySchema,
  responses: { 200: { description: 'A page of ended contact changes.', schema: contactChangePageSchema } },
  errors: ['not_found'],
});

export const historyHandler = jsonRoute(historyRoute, async ({ caller, params, query }) =>
  getHistory(deps(), caller, params.serviceId, query),
);

export const historyFunction = declareRoute({
  name: 'get-history',
  route: historyRoute,
  handler: historyHandler,
  needs: { items: ['dynamodb:GetItem', 'dynamodb:BatchGetItem'], query: ['table'] },
});
