import { expect } from 'chai';
import { parseCpuInfo, vendorOfModelName } from '../../../bench/support/cpuInfo.js';
import { cpuName, machine } from '../../../bench/support/machine.js';

const AMD = `processor\t: 0
vendor_id\t: AuthenticAMD
cpu family\t: 25
model\t\t: 17
model name\t: AMD EPYC
stepping\t: 1
flags\t\t: fpu vme hypervisor lahf_lm

processor\t: 1
vendor_id\t: GenuineIntel
model name\t: not the first one
`;

const INTEL = `processor\t: 0
vendor_id\t: GenuineIntel
cpu family\t: 6
model\t\t: 143
model name\t: Intel(R) Xeon(R) Processor
stepping\t: 8
flags\t\t: fpu vme
`;

describe('cpuInfo', () => {
  describe('#parseCpuInfo', () => {
    it("reads the first processor's vendor, model name and family / model / stepping", () => {
      expect(parseCpuInfo(AMD)).to.deep.equal({
        vendor: 'AMD',
        vendorId: 'AuthenticAMD',
        modelName: 'AMD EPYC',
        family: 25,
        model: 17,
        stepping: 1,
        virtualized: true,
      });
      expect(parseCpuInfo(INTEL)).to.include({
        vendor: 'Intel',
        family: 6,
        model: 143,
        virtualized: false,
      });
    });

    it('falls back to the given model name, and to the vendor the name implies', () => {
      expect(parseCpuInfo('', 'Intel(R) Core(TM) i7')).to.deep.equal({
        vendor: 'Intel',
        vendorId: 'unknown',
        modelName: 'Intel(R) Core(TM) i7',
        family: null,
        model: null,
        stepping: null,
        virtualized: false,
      });
      expect(parseCpuInfo('model name\t: Neoverse-N1').vendor).to.equal('unknown');
    });
  });

  describe('#vendorOfModelName', () => {
    it('knows AMD and Intel by name only', () => {
      expect(vendorOfModelName('AMD EPYC 7B13')).to.equal('AMD');
      expect(vendorOfModelName('Intel(R) Xeon(R) Processor')).to.equal('Intel');
      expect(vendorOfModelName('Apple M2')).to.equal(undefined);
    });
  });

  describe('machine', () => {
    it('names this machine with its vendor', () => {
      const m = machine();
      expect(m.cpu_vendor).to.be.a('string').and.not.equal('');
      expect(cpuName(m)).to.include(m.cpu_model).and.include(m.cpu_vendor);
    });
  });
});
