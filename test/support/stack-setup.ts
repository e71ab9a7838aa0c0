// Runs in each stack test file's process before the file: the state machine's definition comes from
// the run's global setup (test/support/global-setup.ts) rather than being synthesised again here.
import { inject } from 'vitest';
import { useLoadedDefinition } from '../../infra/local/workflow-definition';
import './servers'; // the types of what the global setup provides

const definition = inject('workflowDefinition');
if (definition) useLoadedDefinition(definition);
