// A rate counter: `LIMIT#<what>#<whom>` / `WINDOW#<start>`, how many times one person did one thing
// in one fixed window. DynamoDB's TTL removes it once the window has passed.
import type { RateLimit } from '../../../domain/rate-limits';
import { UpdateBuilder, type BuiltUpdate } from '../expression';
import { TTL_ATTRIBUTE } from './idempotency';
import type { Key } from './item';

export interface CounterUpdate {
  /** The UpdateItem's key and expressions. */
  write: BuiltUpdate & { Key: Key };
  /** Epoch seconds when the window ends: the counter's TTL, and when to try again. */
  endsAt: number;
}

/** Counts `uses` more in the window of `at`, refused (a failed condition) when that would pass the limit. */
export function counterUpdate(limit: RateLimit, at: Date, uses = 1): CounterUpdate {
  const seconds = Math.floor(at.getTime() / 1000);
  const start = seconds - (seconds % limit.windowSeconds);
  const endsAt = start + limit.windowSeconds;
  const update = new UpdateBuilder();
  const count = update.path('count');
  update
    .add(count, uses)
    .set(update.path('entity'), 'rate-counter')
    .set(update.path(TTL_ATTRIBUTE), endsAt)
    .whenEither(`attribute_not_exists(${count})`, `${count} <= ${update.value(limit.limit - uses)}`);
  return { write: { Key: { pk: `LIMIT#${limit.key}`, sk: `WINDOW#${start}` }, ...update.build() }, endsAt };
}

/** One use less in the window of `at`; never below zero, never creating a counter. */
export function counterGiveBack(limit: RateLimit, at: Date): BuiltUpdate & { Key: Key } {
  const { write } = counterUpdate(limit, at);
  const update = new UpdateBuilder();
  const count = update.path('count');
  update.add(count, -1).when(`${count} > ${update.value(0)}`);
  return { Key: write.Key, ...update.build() };
}

export const retryAfter = (counter: CounterUpdate, at: Date) =>
  Math.max(1, counter.endsAt - Math.floor(at.getTime() / 1000));
