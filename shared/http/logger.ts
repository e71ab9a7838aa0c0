// The one logger of every handler. Request and response bodies are never logged: they carry
// confirmation codes (`token`), and the workflow's records carry Step Functions task tokens, either
// of which would let a log reader confirm a contact change. The replacer below is a second line of
// defence for anything logged by mistake; it does not make logging a body acceptable.
import { Logger } from '@aws-lambda-powertools/logger';

/** Keys whose values are secrets or may hold one, at any depth of a log entry. */
const REDACTED_KEYS = new Set(['body', 'token', 'code', 'tasktoken', 'authorization', 'cookie', 'cookies']);

// The service name comes from POWERTOOLS_SERVICE_NAME, per stage, as the metrics' does.
export const logger = new Logger({
  jsonReplacerFn: (key, value) => (REDACTED_KEYS.has(key.toLowerCase()) ? '[redacted]' : value),
});
