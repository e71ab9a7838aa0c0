// A confirmer's part of a request: codes, wrong attempts, the answer, the reminder. Each write is
// conditional on what the caller read, so two tabs or a replayed callback cannot both win.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ConfirmerRecord, Handle } from '../../domain/model';
import { StaleWriteError, type ContactStore } from '../../domain/ports';
import { requestKey, type Item } from './keys';
import { toRecord } from './records';
import {
  cancellationReasons,
  confirmerNames,
  confirmerPath,
  isConditionFailure,
  pointerStateUpdates,
  requestUpdate,
  transact,
  usedOnly,
  type Table,
} from './writes';

type AnswerPart = Pick<
  ContactStore,
  'issueCode' | 'attachTaskToken' | 'recordWrongCode' | 'recordAnswer' | 'markReminded'
>;

const FIELD_NAMES = {
  '#state': 'state',
  '#status': 'status',
  '#at': 'at',
  '#codeHash': 'codeHash',
  '#codeIssuedAt': 'codeIssuedAt',
  '#attempts': 'attempts',
  '#taskToken': 'taskToken',
  '#remindedAt': 'remindedAt',
  '#expiresAt': 'expiresAt',
};

/** Addresses one confirmer by handle alone, for the calls that have not read the request. */
const single = (nic: Handle) => ({
  path: '#cf.#me',
  names: { ...FIELD_NAMES, '#cf': 'confirmers', '#me': nic },
});

export function answerStore(table: Table): AnswerPart {
  async function update(
    id: string,
    set: string,
    condition: string,
    names: Record<string, string>,
    values: Record<string, unknown>,
    returnValues: 'ALL_NEW' | 'UPDATED_NEW' = 'ALL_NEW',
  ): Promise<Item> {
    const output = await table.doc.send(
      new UpdateCommand({
        TableName: table.name,
        Key: requestKey(id),
        UpdateExpression: set,
        ConditionExpression: condition,
        ...usedOnly([set, condition], names, values),
        ReturnValues: returnValues,
      }),
    );
    return output.Attributes as Item;
  }

  const staleOnConditionFailure = (what: string) => (error: unknown) => {
    if (isConditionFailure(error)) throw new StaleWriteError(what);
    throw error;
  };

  return {
    async issueCode(id, nic, code) {
      const { path, names } = single(nic);
      const sets = [
        `${path}.#codeHash = :codeHash`,
        `${path}.#codeIssuedAt = :codeIssuedAt`,
        `${path}.#attempts = :zero`,
      ];
      if (code.taskToken !== undefined) sets.push(`${path}.#taskToken = :taskToken`);
      const item = await update(
        id,
        `SET ${sets.join(', ')}`,
        `#state = :awaiting AND ${path}.#status = :pending`,
        names,
        {
          ':codeHash': code.codeHash,
          ':codeIssuedAt': code.codeIssuedAt,
          ':taskToken': code.taskToken,
          ':zero': 0,
          ':awaiting': 'awaiting_confirmation',
          ':pending': 'pending',
        },
      ).catch(staleOnConditionFailure(`${nic} can no longer be asked to confirm ${id}`));
      return toRecord(item);
    },

    async attachTaskToken(id, nic, taskToken) {
      const { path, names } = single(nic);
      await update(
        id,
        `SET ${path}.#taskToken = :taskToken`,
        `#state = :awaiting AND ${path}.#status = :pending AND attribute_exists(${path}.#codeHash)`,
        names,
        { ':taskToken': taskToken, ':awaiting': 'awaiting_confirmation', ':pending': 'pending' },
      ).catch(staleOnConditionFailure(`${nic} has no open code on ${id}`));
    },

    async recordWrongCode(id, nic) {
      const { path, names } = single(nic);
      const item = await update(
        id,
        `SET ${path}.#attempts = ${path}.#attempts + :one`,
        `${path}.#status = :pending`,
        names,
        { ':one': 1, ':pending': 'pending' },
        'UPDATED_NEW',
      ).catch(staleOnConditionFailure(`${nic} has already answered ${id}`));
      return (item.confirmers as Record<string, { attempts: number }>)[nic]?.attempts ?? 0;
    },

    async recordAnswer(read, nic, status, at) {
      const index = read.confirmers.findIndex((confirmer) => confirmer.nic === nic);
      const me = read.confirmers[index];
      if (!me) throw new StaleWriteError(`${nic} is not a confirmer of ${read.id}`);
      const path = confirmerPath(index);
      const names = { ...FIELD_NAMES, ...confirmerNames(read) };
      const values: Record<string, unknown> = {
        ':awaiting': 'awaiting_confirmation',
        ':pending': 'pending',
        ':accepted': 'accepted',
        ':applying': 'applying',
        ':status': status,
        ':at': at,
        ':codeHash': me.codeHash,
      };
      // The code was checked against the hash read; a resend in between replaced it.
      const conditions = [
        '#state = :awaiting',
        `${path}.#status = :pending`,
        '#expiresAt > :at',
        me.codeHash === undefined
          ? `attribute_not_exists(${path}.#codeHash)`
          : `${path}.#codeHash = :codeHash`,
      ];
      // The code is single-use: its hash goes with the answer.
      const sets = [`${path}.#status = :status`, `${path}.#at = :at`];
      const others = read.confirmers.flatMap((confirmer, i) => (i === index ? [] : [i]));
      const last = status === 'accepted' && others.every((i) => read.confirmers[i]?.status === 'accepted');
      if (last) {
        sets.push('#state = :applying');
        for (const i of others) conditions.push(`${confirmerPath(i)}.#status = :accepted`);
      }
      const set = `SET ${sets.join(', ')} REMOVE ${path}.#codeHash`;
      const condition = conditions.join(' AND ');
      const stale = `The request ${read.id} changed since it was read`;

      if (!last) {
        const item = await update(read.id, set, condition, names, values).catch(
          staleOnConditionFailure(stale),
        );
        return toRecord(item);
      }
      // The last acceptance also moves every party's pointer to `applying`, in the same transaction.
      try {
        await transact(table, [
          requestUpdate(table, read.id, { set, condition, names, values }),
          ...pointerStateUpdates(table, read, 'applying'),
        ]);
      } catch (error) {
        if (cancellationReasons(error)) throw new StaleWriteError(stale);
        throw error;
      }
      const confirmers = read.confirmers.map(({ codeHash: _used, ...answered }, i) =>
        i === index ? { ...answered, status, at } : (read.confirmers[i] as ConfirmerRecord),
      );
      return { ...read, state: 'applying', confirmers };
    },

    async markReminded(id, nic, at) {
      const { path, names } = single(nic);
      try {
        await update(
          id,
          `SET ${path}.#remindedAt = :at`,
          `#state = :awaiting AND attribute_exists(${path}) AND attribute_not_exists(${path}.#remindedAt)`,
          names,
          { ':at': at, ':awaiting': 'awaiting_confirmation' },
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
  };
}
