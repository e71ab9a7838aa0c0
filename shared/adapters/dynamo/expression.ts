// A small typed builder for UpdateItem expressions: every attribute name and value gets its alias as
// it is used, so an expression never carries an alias it does not use (DynamoDB refuses those) and
// no caller juggles `#names` and `:values` by hand.
export interface BuiltUpdate {
  UpdateExpression: string;
  ConditionExpression?: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}

export class UpdateBuilder {
  private readonly names = new Map<string, string>();
  /** Which conditions are alternatives (`whenEither`), to parenthesise beside others. */
  private readonly eitherAt = new Set<number>();
  private readonly values: Record<string, unknown> = {};
  private readonly sets: string[] = [];
  private readonly removes: string[] = [];
  private readonly conditions: string[] = [];

  /** A document path such as `confirmers.<handle>.status`, each segment aliased (handles hold `-`). */
  path(...segments: string[]): string {
    return segments
      .map((segment) => {
        let alias = this.names.get(segment);
        if (!alias) this.names.set(segment, (alias = `#n${this.names.size}`));
        return alias;
      })
      .join('.');
  }

  value(value: unknown): string {
    const alias = `:v${Object.keys(this.values).length}`;
    this.values[alias] = value;
    return alias;
  }

  set(path: string, value: unknown): this {
    this.sets.push(`${path} = ${this.value(value)}`);
    return this;
  }

  /** Adds `by` to a number, counting from 0 when it does not exist yet. */
  add(path: string, by: number): this {
    this.sets.push(`${path} = if_not_exists(${path}, ${this.value(0)}) + ${this.value(by)}`);
    return this;
  }

  remove(path: string): this {
    this.removes.push(path);
    return this;
  }

  /** A condition written with this builder's path() and value(); all conditions must hold. */
  when(condition: string): this {
    this.conditions.push(condition);
    return this;
  }

  /**
   * Conditions of which one must hold. Parenthesised only beside other conditions: DynamoDB refuses
   * an expression with redundant parentheses, and `(a OR b)` alone is one.
   */
  whenEither(...conditions: string[]): this {
    this.conditions.push(conditions.join(' OR '));
    this.eitherAt.add(this.conditions.length - 1);
    return this;
  }

  private condition(): string {
    if (this.conditions.length === 1) return this.conditions[0]!;
    return this.conditions.map((c, i) => (this.eitherAt.has(i) ? `(${c})` : c)).join(' AND ');
  }

  build(): BuiltUpdate {
    const clauses = [
      ...(this.sets.length ? [`SET ${this.sets.join(', ')}`] : []),
      ...(this.removes.length ? [`REMOVE ${this.removes.join(', ')}`] : []),
    ];
    if (clauses.length === 0) throw new Error('An update with nothing to set or remove');
    const values = Object.keys(this.values).length > 0 ? { ExpressionAttributeValues: this.values } : {};
    return {
      UpdateExpression: clauses.join(' '),
      ...(this.conditions.length ? { ConditionExpression: this.condition() } : {}),
      ExpressionAttributeNames: Object.fromEntries([...this.names].map(([name, alias]) => [alias, name])),
      ...values,
    };
  }
}
