// Entry point: mounts the app into #app.
import { markMounted } from './lib/startup';
import './lib/early';
import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';

const target = document.getElementById('app');
if (target === null) {
  throw new Error('Valet: #app is missing from index.html');
}

const app = mount(App, { target });
markMounted();
export default app;
