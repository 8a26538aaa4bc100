import { ErpShipmentEntity, ShipmentsSettingsV1, trackingUrlFor } from '@shopsync/shared';

export interface TrackingInfo {
  company: string | null;
  number: string | null;
  url: string | null;
}

// The shipment's tracking for Shopify. What the ERP sent explicitly wins; otherwise the shipping
// agent's mapping (settings.shipments.shippingAgents) gives the company and, with a tracking
// number, the URL from its template. An agent the table does not name is sent as the company
// itself (the reference sends the agent's name when it has no Shopify tracking company).
export function trackingInfoFor(
  shipment: Pick<
    ErpShipmentEntity,
    'trackingCompany' | 'trackingNumber' | 'trackingUrl' | 'shippingAgentCode'
  >,
  settings: Pick<ShipmentsSettingsV1, 'shippingAgents'>,
): TrackingInfo | null {
  const code = shipment.shippingAgentCode;
  const agents = settings.shippingAgents;
  const mapped = code && agents && Object.hasOwn(agents, code) ? agents[code] : null;
  const number = shipment.trackingNumber;
  const company = shipment.trackingCompany ?? mapped?.trackingCompany ?? code ?? null;
  const url =
    shipment.trackingUrl ??
    (mapped?.trackingUrl && number ? trackingUrlFor(mapped.trackingUrl, number) : null);
  return company || number || url ? { company, number, url } : null;
}
