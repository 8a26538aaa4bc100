import { trackingInfoFor } from './tracking-info';

describe('trackingInfoFor', () => {
  const shippingAgents = {
    POSTNL: {
      trackingCompany: 'PostNL',
      trackingUrl: 'https://postnl.nl/tracktrace/?code={trackingNumber}&country=NL',
    },
    DHL: { trackingCompany: 'DHL Express' },
  };
  const shipment = {
    trackingCompany: null,
    trackingNumber: '3S AB/12',
    trackingUrl: null,
    shippingAgentCode: 'POSTNL',
  };

  it('maps the shipping agent to the company and fills in the URL template (encoded)', () => {
    expect(trackingInfoFor(shipment, { shippingAgents })).toEqual({
      company: 'PostNL',
      number: '3S AB/12',
      url: 'https://postnl.nl/tracktrace/?code=3S%20AB%2F12&country=NL',
    });
  });

  it('lets what the ERP sent explicitly win', () => {
    expect(
      trackingInfoFor(
        { ...shipment, trackingCompany: 'Other', trackingUrl: 'https://t.example/1' },
        { shippingAgents },
      ),
    ).toEqual({ company: 'Other', number: '3S AB/12', url: 'https://t.example/1' });
  });

  it('sends no URL without a template or a number; an unmapped agent as the company', () => {
    expect(trackingInfoFor({ ...shipment, shippingAgentCode: 'DHL' }, { shippingAgents })).toEqual({
      company: 'DHL Express',
      number: '3S AB/12',
      url: null,
    });
    expect(trackingInfoFor({ ...shipment, trackingNumber: null }, { shippingAgents })).toEqual({
      company: 'PostNL',
      number: null,
      url: null,
    });
    expect(
      trackingInfoFor({ ...shipment, shippingAgentCode: 'UPS' }, { shippingAgents: null }),
    ).toEqual({ company: 'UPS', number: '3S AB/12', url: null });
  });

  it('sends none when there is nothing to track', () => {
    expect(
      trackingInfoFor(
        { ...shipment, trackingNumber: null, shippingAgentCode: null },
        {
          shippingAgents,
        },
      ),
    ).toBeNull();
  });
});
