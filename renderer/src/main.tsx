import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n/i18n';
import './app/global.css';
import { App } from './app/app';
import { syncLanguage } from './app/language-sync';
import { followLaunchTarget } from './app/launch-target';

syncLanguage();
followLaunchTarget();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
