import '@fontsource/roboto/400.css';
import '@fontsource/roboto/500.css';
import '@fontsource/roboto/700.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { StationProvider } from './app/station-context';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

/**
 * Reads window.station when React renders, not when this module runs: in the web build the
 * bundler may run this module before the web preload's (they share a chunk), and React's
 * first render comes after every module script has run.
 */
function Root() {
  return (
    <StationProvider station={window.station}>
      <App />
    </StationProvider>
  );
}

createRoot(root).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
