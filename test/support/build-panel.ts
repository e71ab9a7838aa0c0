// vitest's global setup: the browser tests serve web/dist/one-machine, built once here when stale
// rather than by each test file at the same time.
import { ensurePanelBuilt } from '../../infra/local/build-panel';

export default async function buildPanel() {
  await ensurePanelBuilt();
}
