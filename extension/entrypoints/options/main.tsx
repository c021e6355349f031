/** Options entry: renders the settings form. */
import { render } from 'preact';
import '../../ui/theme.css';
import './options.css';
import { OptionsApp } from './options-app.tsx';

render(<OptionsApp />, document.getElementById('app')!);
