import { expect } from 'chai';
import {
  offersChoice,
  searchWithSource,
  sourceFromSearch,
  sourceOptions,
  sourceParams,
} from '../../web/sourceChoice.js';

const instance = (service: string, id: string, alive = true) => ({ service, instance: id, alive });

describe('web/sourceChoice', () => {
  it('reads the choice from the URL, empty values as none', () => {
    expect(sourceFromSearch('?period=1h&service=api&instance=h%3A1')).to.deep.equal({
      service: 'api',
      instance: 'h:1',
    });
    expect(sourceFromSearch('?service=&period=1h')).to.deep.equal({
      service: undefined,
      instance: undefined,
    });
  });

  it('writes the choice into the URL, keeping the period, and clears it for all', () => {
    expect(searchWithSource('?period=6h', { service: 'a b', instance: 'x' })).to.equal(
      '?period=6h&service=a+b&instance=x',
    );
    expect(searchWithSource('?period=6h&service=a&instance=x', {})).to.equal('?period=6h');
    expect(sourceParams({})).to.equal('');
  });

  it('offers a choice only with more than one instance', () => {
    expect(offersChoice([])).to.equal(false);
    expect(offersChoice([instance('api', '1')])).to.equal(false);
    expect(offersChoice([instance('api', '1'), instance('api', '2')])).to.equal(true);
  });

  it('lists all, each service, and the instances of a service that has several', () => {
    const options = sourceOptions(
      [instance('api', 'h:1'), instance('api', 'h:2', false), instance('web', 'w')],
      {},
    );
    expect(options).to.deep.equal([
      { value: '', label: 'All services' },
      { value: 'service=api', label: 'api (2 instances)' },
      { value: 'service=api&instance=h%3A1', label: 'api · h:1' },
      { value: 'service=api&instance=h%3A2', label: 'api · h:2 · not reporting' },
      { value: 'service=web', label: 'web (1 instance)' },
    ]);
  });

  it('keeps a choice the list no longer has, so the selector still shows it', () => {
    const options = sourceOptions([instance('api', '1')], { service: 'gone' });
    expect(options.at(-1)).to.deep.equal({ value: 'service=gone', label: 'gone (no data)' });
  });
});
