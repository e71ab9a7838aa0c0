import { render } from 'preact';
import { App } from './app/App';
import 'virtual:look.css';
import './styles.css';

render(<App />, document.getElementById('app')!);
