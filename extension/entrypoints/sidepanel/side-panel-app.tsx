import { useStatus } from '../../ui/use-status.ts';

export function SidePanelApp() {
  const status = useStatus();
  return (
    <main>
      <h1>👻 AnoGhost chat</h1>
      <p data-testid="panel-state">{status?.state ?? 'starting'}</p>
    </main>
  );
}
