/** Popup entry: renders the app. */
import { render } from 'preact';
import '../../ui/theme.css';
import './popup.css';
import { PopupApp } from './popup-app.tsx';

render(<PopupApp />, document.getElementById('app')!);
