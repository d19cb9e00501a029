// PM2 with golden-signals: one dashboard for every instance of the app.
//   npm install golden-signals && pm2 start docs/pm2/ecosystem.config.cjs
// PM2's cluster mode has no primary of the app's own, so the dashboard runs
// as a process of its own (golden-signals serve, on 127.0.0.1:9469), and each
// instance, a node:cluster worker under PM2, forwards its spans to it.
module.exports = {
  apps: [
    {
      name: 'golden-signals',
      script: './node_modules/golden-signals/dist/bin.js',
      args: 'serve',
      exec_mode: 'fork',
      instances: 1,
      env: {
        GOLDEN_SIGNALS_PORT: '9469',
        // DASHBOARD_TOKEN: '…at least 16 characters…', // then set it for the app too
        DASHBOARD_SNAPSHOT_FILE: './golden-signals.snapshot.json',
      },
    },
    {
      name: 'app',
      script: './app.js',
      node_args: '--import golden-signals/register',
      exec_mode: 'cluster',
      instances: 'max',
      env: {
        // Where the instances send their spans (the default, spelled out).
        GOLDEN_SIGNALS_FORWARD_URL: 'http://127.0.0.1:9469',
      },
    },
  ],
};
