/** Welcome entry (opened at install): renders the three first-run steps. */
import { render } from 'preact';
import '../../ui/theme.css';
import './welcome.css';
import { WelcomeApp } from './welcome-app.tsx';

render(<WelcomeApp />, document.getElementById('app')!);
