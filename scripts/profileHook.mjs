/**
 * Preload of scripts/profile-http.mjs: SIGUSR2 starts V8's CPU profiler in
 * this server, the next SIGUSR2 stops it, writes the profile to
 * $PROFILE_HTTP_OUT and tells the parent over IPC. A diagnostic only.
 */
import fs from 'node:fs';
import { Session } from 'node:inspector';

const session = new Session();
session.connect();
let running = false;
process.on('SIGUSR2', () => {
  if (!running) {
    running = true;
    session.post('Profiler.enable', () =>
      session.post('Profiler.setSamplingInterval', { interval: 100 }, () =>
        session.post('Profiler.start'),
      ),
    );
    return;
  }
  session.post('Profiler.stop', (err, result) => {
    running = false;
    if (!err) fs.writeFileSync(process.env.PROFILE_HTTP_OUT, JSON.stringify(result.profile));
    process.send?.({ profileWritten: !err });
  });
});
