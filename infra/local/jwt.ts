// The local stand-in for Cognito: signs tokens for a handle with a key made at start. A token
// lives as long as the process that made it, which is what a local run wants.
import { SignJWT, generateKeyPair, jwtVerify, type JWTPayload } from 'jose';

export const LOCAL_ISSUER = 'service-contacts-local';
export const AUDIENCE = 'service-contacts';
const ALGORITHM = 'ES256';

export interface LocalIssuer {
  /** A signed JWT whose `nic` (and `sub`) is the handle, valid for one hour. */
  issueToken(nic: string): Promise<string>;
  /** The verified claims of a `Bearer …` header value (or a bare token); null if bad or expired. */
  verifyToken(bearer: string | undefined): Promise<JWTPayload | null>;
}

/** Verified tokens kept at most: a local run holds a handful; a flood of new ones only empties it. */
const VERIFIED_KEPT = 1_000;

export async function createLocalIssuer(): Promise<LocalIssuer> {
  const { privateKey, publicKey } = await generateKeyPair(ALGORITHM);
  // API Gateway checks the token outside the Lambda; here it is this process's CPU, an ES256
  // verification per request (about a millisecond), which the load bench would count as the API's. A
  // token signed by this process's key stays valid until it expires, so its claims are kept until then.
  const verified = new Map<string, JWTPayload>();
  return {
    issueToken: (nic) =>
      new SignJWT({ nic })
        .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
        .setSubject(nic)
        .setIssuer(LOCAL_ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(privateKey),
    async verifyToken(bearer) {
      const token = bearer?.replace(/^Bearer\s+/i, '').trim();
      if (!token) return null;
      const known = verified.get(token);
      if (known && (known.exp ?? 0) * 1000 > Date.now()) return known;
      verified.delete(token);
      try {
        const { payload } = await jwtVerify(token, publicKey, {
          issuer: LOCAL_ISSUER,
          audience: AUDIENCE,
          algorithms: [ALGORITHM],
        });
        if (verified.size >= VERIFIED_KEPT) verified.clear();
        verified.set(token, payload);
        return payload;
      } catch {
        return null;
      }
    },
  };
}
