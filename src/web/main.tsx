// Entry point of the web app.
import { createRoot } from 'react-dom/client';
import { AppRoot } from './app';

const container = document.getElementById('root');
if (!container) throw new Error('#root missing in index.html');
createRoot(container).render(<AppRoot />);
