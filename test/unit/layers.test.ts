// The layers are enforced by lint (eslint.config.js): a rule or a use case that reaches for AWS, an
// adapter, HTTP or infra fails `npm run lint`; so does an adapter that calls a use case, a use case
// that reaches into another's module, and a panel screen that imports another screen.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function restrictedImports(filePath: string, code: string): Promise<number> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').length;
}

describe('the layers', () => {
  it.each([
    ['shared/domain/probe.ts', "import { createDynamoStore } from '../adapters/dynamo/store';"],
    ['shared/domain/probe.ts', "import { settle } from '../usecases/settle';"],
    ['shared/domain/probe.ts', "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';"],
    ['shared/usecases/probe.ts', "import { createSfnEngine } from '../adapters/sfn-engine';"],
    ['shared/usecases/probe.ts', "import { jsonRoute } from '../http/middleware';"],
    ['shared/usecases/probe.ts', "import { deps } from '../runtime';"],
    ['shared/usecases/probe.ts', "import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';"],
    ['shared/adapters/probe.ts', "import { settle } from '../usecases/settle';"],
    ['shared/adapters/dynamo/probe.ts', "import { askConfirmer } from '../../usecases/ask-confirmer';"],
    ['shared/usecases/probe.ts', "import { askConfirmer } from './ask-confirmer';"],
    ['shared/usecases/probe.ts', "import { getServiceOf } from './queries';"],
    ['shared/usecases/cancel-resend.ts', "import { listMyChanges } from './queries';"],
    // Visibility is a rule of the domain (actions.ts) read through reads.ts: no use case reaches into answer.ts.
    ['shared/usecases/cancel-resend.ts', "import { answerChange } from './answer';"],
    ['shared/usecases/queries.ts', "import { answerChange } from './answer';"],
    ['web/src/features/contacts/probe.tsx', "import { RequestDetails } from '../requests/RequestDetails';"],
    [
      'web/src/features/requests/probe.tsx',
      "import { MyContacts } from '../../features/contacts/MyContacts';",
    ],
  ])('%s may not: %s', async (file, line) => {
    expect(
      await restrictedImports(file, `${line}\nexport const used = [${line.match(/\{ (\w+) \}/)![1]}];\n`),
    ).toBe(1);
  });

  it.each([
    ['shared/usecases/probe.ts', "import { settle } from './settle';"],
    ['shared/usecases/probe.ts', "import { seenBy } from './reads';"],
    ['web/src/features/requests/probe.tsx', "import { RequestActions } from './RequestActions';"],
    ['web/src/features/requests/probe.tsx', "import { paths } from '../../lib/paths';"],
    ['web/src/features/requests/probe.tsx', "import { Page } from '../../components/Page';"],
  ])('%s may: %s', async (file, line) => {
    expect(
      await restrictedImports(file, `${line}\nexport const used = [${line.match(/\{ (\w+) \}/)![1]}];\n`),
    ).toBe(0);
  });

  it('adapters may use the domain, and the use cases the domain', async () => {
    expect(
      await restrictedImports(
        'shared/adapters/probe.ts',
        "import { decide } from '../domain/lifecycle';\nexport const d = decide;\n",
      ),
    ).toBe(0);
    expect(
      await restrictedImports(
        'shared/usecases/probe.ts',
        "import { decide } from '../domain/lifecycle';\nexport const d = decide;\n",
      ),
    ).toBe(0);
  });
});
