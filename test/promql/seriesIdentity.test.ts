import { expect } from 'chai';
import { seriesIdentity } from '../../src/promql/seriesIdentity.js';

const mapping = { serviceLabel: 'job', instanceLabel: 'instance' };

describe('seriesIdentity', () => {
  it("takes the scrape's job and instance for a process's own series", () => {
    expect(seriesIdentity({ job: 'shop', instance: '10.0.0.1:9469' }, mapping)).to.deep.equal({
      service: 'shop',
      instance: '10.0.0.1:9469',
    });
  });

  it('takes service_name and service_instance_id first (a received instance)', () => {
    const metric = {
      job: 'shop',
      instance: '10.0.0.1:9469',
      service_name: 'api',
      service_instance_id: 'host:42',
    };
    expect(seriesIdentity(metric, mapping)).to.deep.equal({ service: 'api', instance: 'host:42' });
  });

  it('follows the configured labels, and names what is missing', () => {
    expect(
      seriesIdentity({ app: 'shop', pod: 'p-1' }, { serviceLabel: 'app', instanceLabel: 'pod' }),
    ).to.deep.equal({
      service: 'shop',
      instance: 'p-1',
    });
    expect(seriesIdentity({}, mapping)).to.deep.equal({
      service: 'unknown_service',
      instance: 'unknown_instance',
    });
  });
});
