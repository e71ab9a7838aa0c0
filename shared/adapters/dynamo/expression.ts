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

  build(): BuiltUpdate {
    const clauses = [
      ...(this.sets.length ? [`SET ${this.sets.join(', ')}`] : []),
      ...(this.removes.length ? [`REMOVE ${this.removes.join(', ')}`] : []),
    ];
    if (clauses.length === 0) throw new Error('An update with nothing to set or remove');
    const values = Object.keys(this.values).length > 0 ? { ExpressionAttributeValues: this.values } : {};
    return {
      UpdateExpression: clauses.join(' '),
      ...(this.conditions.length ? { ConditionExpression: this.conditions.join(' AND ') } : {}),
      ExpressionAttributeNames: Object.fromEntries([...this.names].map(([name, alias]) => [alias, name])),
      ...values,
    };
  }
}
