// Each Lambda function is declared once, beside its handler: its name, the handler, and the AWS calls
// its use case makes. Everything else derives from the declarations: the CDK functions and their roles
// (infra/constructs/functions.ts), the API's routes and the CloudFront paths, the local stack, the
// OpenAPI document; and test/permissions/calls.test.ts runs every function and fails on a call its
// needs do not grant.
import type { IndexName } from '../shared/adapters/dynamo/table';
import { parsedWith, type RouteHandler } from '../shared/http/route-spec';
import type { RouteSpec } from '../shared/http/route-spec';

type ItemAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:BatchGetItem'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:DeleteItem';
type WorkflowAction =
  'states:StartExecution' | 'states:SendTaskSuccess' | 'states:SendTaskFailure' | 'states:StopExecution';
type QueryTarget = 'table' | IndexName;

/** What one function's use case calls. TransactWriteItems is authorised per item: Put, Update, Delete. */
export interface Needs {
  /** Item actions on the table. */
  items?: ItemAction[];
  /** Where it runs a Query: the table itself and/or named indexes. */
  query?: QueryTarget[];
  /** Sends email through SES. */
  mail?: true;
  workflow?: WorkflowAction[];
}

/** One need as IAM grants it; a Query is granted per table or index. */
export type Grant = ItemAction | WorkflowAction | 'ses:SendEmail' | `dynamodb:Query on ${QueryTarget}`;

export interface FunctionDeclaration<H = unknown> {
  /** The short name: the function is `<prefix>-<name>` in AWS and in the logs. */
  name: string;
  handler: H;
  needs: Needs;
  /**
   * Needs that only an uncommon path uses, one the permission test does not take: that path, in words.
   * Every other need must be used by one of the test's calls, so that a grant cannot widen unseen.
   */
  onlyWhen?: Partial<Record<Grant, string>>;
}

interface RouteDeclaration extends FunctionDeclaration<RouteHandler> {
  route: RouteSpec;
  /** Served by `npm start` only, never deployed. */
  localOnly?: boolean;
}

/** A declaration as found in its module: where Lambda finds its handler. */
export type Located<D extends FunctionDeclaration> = D & {
  /** The handler's file, relative to the project root. */
  entry: string;
  /** The handler's export name in that file. */
  exportName: string;
};

/** Marks a route's declaration, so that routesIn can tell it from a module's other exports. */
const ROUTE = Symbol('route declaration');
type Marked = RouteDeclaration & { readonly [ROUTE]: true };

/** Declares an HTTP route's function: `export const getMe = declareRoute({ name, route, handler, needs })`. */
export function declareRoute(declaration: RouteDeclaration): Marked {
  // The OpenAPI document is built from `route`: a handler parsing with any other spec would accept
  // what the document does not say, or refuse what it promises.
  if (parsedWith(declaration.handler) !== declaration.route)
    throw new Error(`${declaration.name}: its handler does not parse with the route it declares`);
  return { ...declaration, [ROUTE]: true };
}

/** Declares a function that AWS invokes itself (a workflow task, the sweep), keeping its handler's type. */
export const declareFunction = <H>(declaration: FunctionDeclaration<H>): FunctionDeclaration<H> =>
  declaration;

/** Where Lambda finds a declaration's handler: the name its module exports it under, written once there. */
export function locate<D extends FunctionDeclaration>(
  entry: string,
  module: Record<string, unknown>,
  declaration: D,
): Located<D> {
  const exportName = Object.keys(module).find((key) => module[key] === declaration.handler);
  if (!exportName)
    throw new Error(`${entry}: ${declaration.name}'s handler is not exported, so Lambda cannot call it`);
  return { ...declaration, entry, exportName };
}

/** Every route a handler module (`import * as module`) declares, located. */
export const routesIn = (entry: string, module: Record<string, unknown>): Located<RouteDeclaration>[] =>
  Object.values(module)
    .filter((value): value is Marked => (value as Partial<Marked> | undefined)?.[ROUTE] === true)
    .map((declaration) => locate(entry, module, declaration));
