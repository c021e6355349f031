/** Side panel entry (Chrome side panel, Firefox sidebar): renders the chat with its rooms client. */
import { render } from 'preact';
import '../../ui/theme.css';
import './sidepanel.css';
import { createBrowserAnoGhostClient } from '../../messaging/anoghost-client-factory.ts';
import { SidePanelApp } from './side-panel-app.tsx';

render(<SidePanelApp createClient={createBrowserAnoGhostClient} />, document.getElementById('app')!);
