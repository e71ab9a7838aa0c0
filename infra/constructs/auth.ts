// Who the caller is: a JWT whose `nic` claim is the account handle (API.md). By default the stack
// makes a Cognito user pool whose users carry the handle in the immutable attribute `custom:nic`,
// copied into the ID token's `nic` claim by a Pre Token Generation trigger. With context jwtIssuer
// and jwtAudience, an existing issuer that already puts `nic` in its tokens is trusted instead.
import { CfnOutput, Duration, Stack, Validations } from 'aws-cdk-lib';
import type { IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer, HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { bundledFunction } from './functions';

export interface ContactsAuthProps {
  prefix: string;
  /** An existing issuer; when absent, the Cognito user pool below is made. */
  jwtIssuer?: string;
  jwtAudience?: string[];
}

export class ContactsAuth extends Construct {
  readonly authorizer: IHttpRouteAuthorizer;
  /** The Pre Token Generation trigger, when the stack made the user pool. */
  readonly nicClaim?: NodejsFunction;
  private readonly userPool?: cognito.UserPool;
  /** The app clients whose ID tokens the API accepts (their ids are the authorizer's audience). */
  private readonly clients: cognito.UserPoolClient[] = [];
  private readonly props: ContactsAuthProps;

  constructor(scope: Construct, id: string, props: ContactsAuthProps) {
    super(scope, id);
    this.props = props;

    if (props.jwtIssuer && props.jwtAudience?.length) {
      this.authorizer = new HttpJwtAuthorizer('Jwt', props.jwtIssuer, { jwtAudience: props.jwtAudience });
      output(this, 'AuthJwtIssuer', props.jwtIssuer, 'Tokens must come from this issuer and carry `nic`.');
      return;
    }

    this.nicClaim = bundledFunction(this, 'NicClaim', {
      functionName: `${props.prefix}-nic-claim`,
      entry: 'infra/constructs/auth.nic-claim.ts',
      exportName: 'handler',
      timeout: Duration.seconds(5),
      environment: { NODE_OPTIONS: '--enable-source-maps' },
      statements: [],
    });
    // Cognito invokes its `live` alias, as every caller of the stack's functions does.
    const nicClaimLive = new lambda.Alias(this.nicClaim, 'Live', {
      aliasName: 'live',
      version: this.nicClaim.currentVersion,
    });

    const userPool = (this.userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: props.prefix,
      // The provider creates the accounts (AdminCreateUser with custom:nic); nobody signs themselves up.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      customAttributes: {
        nic: new cognito.StringAttribute({ minLen: 6, maxLen: 32, mutable: false }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
      },
      // Contacts decide who controls a service: a stolen password alone must not be enough.
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Lite is the cheapest plan beyond the free tier; a V1 token trigger is all this needs of Cognito.
      featurePlan: cognito.FeaturePlan.LITE,
      deletionProtection: true,
      lambdaTriggers: { preTokenGeneration: nicClaimLive },
    }));
    Validations.of(userPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason:
        'The Plus plan (threat protection) is billed per monthly active user; MFA is required instead. ' +
        'Switch featurePlan to PLUS when the per-user cost is acceptable.',
    });

    const client = userPool.addClient('Client', {
      userPoolClientName: `${props.prefix}-api`,
      authFlows: { userSrp: true },
      generateSecret: false,
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes('nic'),
      // Never custom:nic: a user who could write it could act as any account.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true }),
    });

    this.clients.push(client);
    // The ID token (aud = its client) carries `nic`; the access token of a V1 trigger does not. Made
    // when the first route binds it, so that the panel's client (addPanelClient) is in its audience.
    let bound: HttpUserPoolAuthorizer | undefined;
    this.authorizer = {
      bind: (options) =>
        (bound ??= new HttpUserPoolAuthorizer('CognitoJwt', userPool, {
          userPoolClients: this.clients,
        })).bind(options),
    };

    output(this, 'AuthUserPoolId', userPool.userPoolId, 'Create users here, with custom:nic set.');
    output(
      this,
      'AuthUserPoolClientId',
      client.userPoolClientId,
      'The app client: the audience of the ID tokens.',
    );
    output(this, 'AuthJwtIssuer', userPool.userPoolProviderUrl, 'Send the ID token as the Bearer token.');
  }

  /**
   * The control panel's app client: authorization code with PKCE (oidc-client-ts sends a verifier on
   * every sign-in), no client secret, no implicit grant, `openid` only (the ID token carries `nic`), and
   * the panel's own callback and sign-out addresses. With an outside issuer, its client is the
   * first jwtAudience and its sign-out is its own end_session_endpoint.
   */
  addPanelClient(baseUrl: string): PanelSignIn {
    if (!this.userPool) {
      return { authority: this.props.jwtIssuer!, clientId: this.props.jwtAudience![0]! };
    }
    const domain = this.userPool.addDomain('SignIn', {
      cognitoDomain: { domainPrefix: `${this.props.prefix}-${Stack.of(this).account}` },
    });
    const client = this.userPool.addClient('PanelClient', {
      userPoolClientName: `${this.props.prefix}-panel`,
      generateSecret: false,
      // No password flows of its own: the managed login signs in, the panel only redeems the code.
      authFlows: { userSrp: false, userPassword: false, adminUserPassword: false, custom: false },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [cognito.OAuthScope.OPENID],
        callbackUrls: [`${baseUrl}/panel/callback`],
        logoutUrls: [`${baseUrl}/panel/`],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      // The panel keeps no refresh token use: a new sign-in after an hour.
      refreshTokenValidity: Duration.hours(1),
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true })
        .withCustomAttributes('nic'),
      writeAttributes: new cognito.ClientAttributes(),
    });
    this.clients.push(client);
    output(
      this,
      'AuthPanelClientId',
      client.userPoolClientId,
      "The control panel's app client (code + PKCE).",
    );
    return {
      authority: this.userPool.userPoolProviderUrl,
      clientId: client.userPoolClientId,
      signInDomain: domain.baseUrl(),
    };
  }
}

export interface PanelSignIn {
  /** The OIDC issuer. */
  authority: string;
  clientId: string;
  /** Cognito's managed login (https://…), whose /logout ends its session; absent for another issuer. */
  signInDomain?: string;
}

export interface ContactsAuthPanel {
  /** What the panel's sign-in reads from /panel/config.json. */
  signIn: PanelSignIn;
}

/** A stack output under a plain name (`AuthUserPoolId`), not one suffixed with a hash of its path. */
function output(scope: Construct, name: string, value: string, description: string): void {
  new CfnOutput(scope, name, { value, description }).overrideLogicalId(name);
}
