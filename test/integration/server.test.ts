import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { expect } from 'chai';
import { type ChildService, startChildService } from '../support/childService.js';

describe('the built service, started as the README says', () => {
  let service: ChildService;
  before(async () => {
    service = await startChildService({ PREDICT_LATENCY_MS: '0', PREDICT_FAILURE_RATE: '0' });
  });
  after(() => {
    if (service.child.exitCode === null) service.child.kill('SIGKILL');
  });

  it('answers /health', async () => {
    const res = await fetch(`${service.url}/health`);
    expect(res.status).to.equal(200);
    expect(await res.json()).to.deep.equal({ status: 'healthy' });
  });

  it('traces /predict through --import and counts it on the dashboard', async () => {
    const res = await fetch(`${service.url}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'This is amazing!' }),
    });
    expect(await res.json()).to.deep.equal({ sentiment: 'positive', confidence: 0.8808 });
    const r = (await (await fetch(`${service.url}/dashboard/requests`)).json()) as {
      total: number;
      by_endpoint: Record<string, number>;
    };
    expect(r.total).to.equal(1);
    expect(r.by_endpoint).to.deep.equal({ '/predict': 1 });
  });

  it('exits 0 on SIGTERM', async () => {
    service.child.kill('SIGTERM');
    const [code] = (await once(service.child, 'exit')) as [number | null];
    expect(code).to.equal(0);
  });
});

describe('the built service with a bad configuration', () => {
  it('refuses to start and names the variable', async () => {
    const child = spawn(
      process.execPath,
      ['--import', './dist/instrumentation.js', 'dist/demo/server.js'],
      { env: { ...process.env, PORT: '0', GOLDEN_SIGNALS_RETENTION: 'forever' }, stdio: 'pipe' },
    );
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).to.equal(1);
    expect(stderr).to.contain('GOLDEN_SIGNALS_RETENTION must look like');
    expect(stderr).not.to.match(/\n\s+at /);
  });

  it('refuses to start without the --import of instrumentation', async () => {
    const child = spawn(process.execPath, ['dist/demo/server.js'], {
      env: { ...process.env, PORT: '0' },
      stdio: 'pipe',
    });
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).to.equal(1);
    expect(stderr).to.contain('--import ./dist/instrumentation.js');
  });
});
