/** Side panel entry (Chrome side panel, Firefox sidebar): renders the chat. */
import { render } from 'preact';
import '../../ui/theme.css';
import './sidepanel.css';
import { SidePanelApp } from './side-panel-app.tsx';

render(<SidePanelApp />, document.getElementById('app')!);
