// The update builder's conditions: DynamoDB refuses redundant parentheses, so alternatives are
// parenthesised only where an AND would otherwise bind them wrongly.
import { describe, expect, it } from 'vitest';
import { UpdateBuilder } from '../../shared/adapters/dynamo/expression';

describe('UpdateBuilder conditions', () => {
  it('alternatives alone are bare', () => {
    const update = new UpdateBuilder();
    const count = update.path('count');
    update.set(count, 1).whenEither(`attribute_not_exists(${count})`, `${count} <= ${update.value(5)}`);
    expect(update.build().ConditionExpression).toBe('attribute_not_exists(#n0) OR #n0 <= :v1');
  });

  it('alternatives beside another condition are parenthesised, the others not', () => {
    const update = new UpdateBuilder();
    const count = update.path('count');
    update
      .set(count, 1)
      .when('attribute_exists(pk)')
      .whenEither(`attribute_not_exists(${count})`, `${count} <= ${update.value(5)}`);
    expect(update.build().ConditionExpression).toBe(
      'attribute_exists(pk) AND (attribute_not_exists(#n0) OR #n0 <= :v1)',
    );
  });
});
