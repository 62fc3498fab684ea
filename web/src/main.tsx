import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
// The console ships its own Chinese font (Noto Sans SC, one variable file set for every weight, split by
// unicode-range so a page downloads only the slices its characters need): it renders the same on a machine
// with no CJK font installed, such as the browser of the tests.
import '@fontsource-variable/noto-sans-sc/wght.css';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
