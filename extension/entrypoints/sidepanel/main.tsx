/** Side panel entry (Chrome side panel, Firefox sidebar): renders the chat with its rooms client. */
import { render } from 'preact';
import '../../ui/theme.css';
import './sidepanel.css';
import { createUnavailableChatClient } from '../../client/chat-client.ts';
import { SidePanelApp } from './side-panel-app.tsx';

render(<SidePanelApp createChatClient={createUnavailableChatClient} />, document.getElementById('app')!);
