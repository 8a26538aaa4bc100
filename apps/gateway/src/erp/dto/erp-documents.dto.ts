import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import type {
  BalanceTransactionDocumentV1,
  CreditMemoDocumentV1,
  CustomerDocumentV1,
  DisputeDocumentV1,
  DocumentLineKind,
  DocumentLineType,
  DocumentTax,
  ErpAddress,
  ErpCustomerAddress,
  MarketingConsent,
  OrderConflict,
  PaymentDocumentV1,
  PayoutDocumentV1,
  PayoutSummaryAmounts,
  SalesOrderCompanyV1,
  SalesOrderDocumentV1,
} from '@shopsync/shared';
import { ApiDateTime, ApiNullableDateTime, ApiNullableString } from '../../common/api-schema';

// The documents of the feeds (and of shopsync.erp.outbound.v1), field by field. Each class
// `implements` its document's type, so a field added to the document and not here does not
// compile; erp-documents.spec.ts checks built documents against the schemas these make.

export const DOCUMENT_LINE_KINDS = ['item', 'shipping', 'tip', 'gift-card', 'refund'] as const;
export const DOCUMENT_LINE_TYPES = ['item', 'account', 'item-charge'] as const;
// A kind or type added to the entity's union and not to these lists does not compile.
const _allKinds: DocumentLineKind extends (typeof DOCUMENT_LINE_KINDS)[number] ? true : never =
  true;
const _allTypes: DocumentLineType extends (typeof DOCUMENT_LINE_TYPES)[number] ? true : never =
  true;
void _allKinds;
void _allTypes;

const MONEY = { type: String, description: 'decimal, in `currency`' } as const;
const ApiMoney = (example: string) => ApiProperty({ ...MONEY, example });
const ApiNullableText = (options: { example?: string; description?: string } = {}) =>
  ApiPropertyOptional({ type: String, nullable: true, ...options });

export class ErpAddressDto implements ErpAddress {
  @ApiNullableText({ example: 'Anna' }) firstName?: string | null;
  @ApiNullableText({ example: 'de Vries' }) lastName?: string | null;
  @ApiNullableText() company?: string | null;
  @ApiNullableText({ example: 'Keizersgracht 1' }) address1?: string | null;
  @ApiNullableText() address2?: string | null;
  @ApiNullableText({ example: '1015 AB' }) zip?: string | null;
  @ApiNullableText({ example: 'Amsterdam' }) city?: string | null;
  @ApiNullableText() province?: string | null;
  @ApiNullableText({ example: 'NL', description: 'ISO 3166-1 alpha-2' }) countryCode?:
    string | null;
  @ApiNullableText({ example: '+31612345678' }) phone?: string | null;
}

export class ErpCustomerAddressDto extends ErpAddressDto implements ErpCustomerAddress {
  @ApiProperty({ example: 'SHIP-2', description: "the ERP's code of the address" })
  code: string;
}

export class DocumentCustomerDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'C-10001', description: 'the ERP customer number' })
  number: string;
}

export class DocumentTaxDto implements DocumentTax {
  @ApiProperty({ example: 'VAT 21%' })
  title: string;

  @ApiProperty({ type: Number, nullable: true, example: 0.21, description: 'a fraction' })
  rate: number | null;

  @ApiMoney('6.93')
  amount: string;
}

type ConflictChange = OrderConflict['changes'][number];
const ApiChangeValue = (example: string) =>
  ApiProperty({
    // OpenAPI 3.0 wants a type beside `nullable`: null rides on the string member.
    anyOf: [{ type: 'string', nullable: true }, { type: 'number' }, { type: 'boolean' }],
    example,
  } as ApiPropertyOptions);

export class OrderConflictChangeDto implements ConflictChange {
  @ApiProperty({ example: 'total' })
  field: string;

  @ApiChangeValue('44.85')
  before: string | number | boolean | null;

  @ApiChangeValue('49.85')
  after: string | number | boolean | null;
}

export class OrderConflictDto implements OrderConflict {
  @ApiDateTime()
  detectedAt: string;

  @ApiDateTime()
  shopifyUpdatedAt: string;

  @ApiProperty({ type: [OrderConflictChangeDto] })
  changes: OrderConflictChangeDto[];

  @ApiNullableDateTime({ description: 'when someone acknowledged it; null: not yet' })
  acknowledgedAt: string | null;
}

type CompanyLocation = SalesOrderCompanyV1['location'];

export class SalesOrderCompanyLocationDto implements CompanyLocation {
  @ApiProperty({ example: 'gid://shopify/CompanyLocation/1' })
  shopifyLocationId: string;

  @ApiProperty({ example: 'Head office' })
  name: string;

  @ApiNullableString()
  externalId: string | null;

  @ApiProperty({ type: ErpAddressDto, nullable: true })
  billingAddress: ErpAddressDto | null;

  @ApiProperty({ type: ErpAddressDto, nullable: true })
  shippingAddress: ErpAddressDto | null;
}

export class SalesOrderCompanyDto implements SalesOrderCompanyV1 {
  @ApiProperty({ example: 'gid://shopify/Company/1' })
  shopifyCompanyId: string;

  @ApiProperty({ example: 'Acme B.V.' })
  name: string;

  @ApiNullableString()
  externalId: string | null;

  @ApiProperty({ type: SalesOrderCompanyLocationDto })
  location: SalesOrderCompanyLocationDto;

  @ApiNullableString({ example: 'gid://shopify/CompanyContact/1' })
  shopifyContactId: string | null;
}

export class SalesOrderAmountsDto {
  @ApiMoney('39.90')
  subtotal: string;

  @ApiMoney('4.95')
  shipping: string;

  @ApiMoney('7.79')
  tax: string;

  @ApiMoney('44.85')
  total: string;
}

type SalesOrderLine = SalesOrderDocumentV1['lines'][number];

export class SalesOrderLineDto implements SalesOrderLine {
  @ApiProperty({ type: 'integer', example: 10000 })
  lineNo: number;

  @ApiProperty({ example: 'TSHIRT-1-S', description: 'the SKU, or the account / charge number' })
  sku: string;

  @ApiProperty({ example: 'T-shirt - S' })
  description: string;

  @ApiProperty({ example: 2 })
  quantity: number;

  @ApiMoney('19.95')
  unitPrice: string;

  @ApiMoney('39.90')
  amount: string;

  @ApiProperty({ enum: DOCUMENT_LINE_KINDS, description: 'what the line is' })
  kind: DocumentLineKind;

  @ApiProperty({ enum: DOCUMENT_LINE_TYPES, description: 'what it posts to' })
  type: DocumentLineType;

  @ApiMoney('0.00')
  lineDiscount: string;

  @ApiMoney('6.93')
  taxAmount: string;

  @ApiProperty({ type: [DocumentTaxDto] })
  taxes: DocumentTaxDto[];

  @ApiNullableString({ example: 'gid://shopify/LineItem/5001' })
  shopifyOrderLineId: string | null;
}

export class SalesOrderDocumentDto implements SalesOrderDocumentV1 {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'SO-1001' })
  number: string;

  @ApiProperty({ enum: ['order', 'invoice'] })
  documentType: 'order' | 'invoice';

  @ApiProperty({ format: 'uuid' })
  shopId: string;

  @ApiProperty({ example: 'gid://shopify/Order/1001' })
  shopifyOrderId: string;

  @ApiProperty({ example: '#1001' })
  orderName: string;

  @ApiProperty({ type: DocumentCustomerDto })
  customer: DocumentCustomerDto;

  @ApiProperty({ example: 'EUR' })
  currency: string;

  @ApiDateTime()
  orderDate: string;

  @ApiNullableString({ example: 'PAID' })
  financialStatus: string | null;

  @ApiProperty({ type: SalesOrderAmountsDto })
  amounts: SalesOrderAmountsDto;

  @ApiProperty({ type: ErpAddressDto, nullable: true, description: 'the sell-to address' })
  sellTo: ErpAddressDto | null;

  @ApiProperty({ type: ErpAddressDto, nullable: true, description: 'the ship-to address' })
  shipTo: ErpAddressDto | null;

  @ApiProperty({ type: [SalesOrderLineDto] })
  lines: SalesOrderLineDto[];

  @ApiDateTime()
  createdAt: string;

  @ApiProperty({ enum: ['shop', 'presentment'] })
  currencyMode: 'shop' | 'presentment';

  @ApiNullableString({ example: null })
  exchangeRate: string | null;

  @ApiProperty()
  pricesIncludeTax: boolean;

  @ApiMoney('0.00')
  invoiceDiscount: string;

  @ApiProperty({ type: [String], example: ['shopify_payments'] })
  paymentMethods: string[];

  @ApiProperty({
    type: OrderConflictDto,
    nullable: true,
    description: 'set when the Shopify order changed after the document was made',
  })
  conflict: OrderConflictDto | null;

  @ApiProperty({
    type: SalesOrderCompanyDto,
    nullable: true,
    description: 'the B2B company and location of the order',
  })
  company: SalesOrderCompanyDto | null;
}

export class CreditMemoAmountsDto {
  @ApiMoney('19.95')
  subtotal: string;

  @ApiMoney('3.46')
  tax: string;

  @ApiMoney('19.95')
  total: string;
}

type CreditMemoLine = CreditMemoDocumentV1['lines'][number];

export class CreditMemoLineDto implements CreditMemoLine {
  @ApiProperty({ type: 'integer', example: 10000 })
  lineNo: number;

  @ApiProperty({ enum: DOCUMENT_LINE_KINDS })
  kind: DocumentLineKind;

  @ApiProperty({ enum: DOCUMENT_LINE_TYPES })
  type: DocumentLineType;

  @ApiProperty({ example: 'TSHIRT-1-S', description: 'the SKU, or the account / charge number' })
  no: string;

  @ApiProperty({ example: 'T-shirt - S' })
  description: string;

  @ApiProperty({ example: 1 })
  quantity: number;

  @ApiMoney('19.95')
  unitPrice: string;

  @ApiMoney('19.95')
  amount: string;

  @ApiMoney('3.46')
  taxAmount: string;
}

export class CreditMemoDocumentDto implements CreditMemoDocumentV1 {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'CM-1001' })
  number: string;

  @ApiProperty({ format: 'uuid' })
  shopId: string;

  @ApiProperty({ example: 'gid://shopify/Order/1001' })
  shopifyOrderId: string;

  @ApiProperty({ example: 'gid://shopify/Refund/1' })
  shopifyRefundId: string;

  @ApiNullableString({ example: 'gid://shopify/Return/1' })
  shopifyReturnId: string | null;

  @ApiProperty({ example: '#1001' })
  orderName: string;

  @ApiProperty({ format: 'uuid', description: 'the sales document it credits' })
  salesOrderId: string;

  @ApiProperty({ type: DocumentCustomerDto })
  customer: DocumentCustomerDto;

  @ApiProperty({ example: 'EUR' })
  currency: string;

  @ApiNullableString({ example: null })
  exchangeRate: string | null;

  @ApiProperty()
  pricesIncludeTax: boolean;

  @ApiProperty({ type: CreditMemoAmountsDto })
  amounts: CreditMemoAmountsDto;

  @ApiNullableString({ example: 'damaged' })
  note: string | null;

  @ApiProperty({ type: [CreditMemoLineDto] })
  lines: CreditMemoLineDto[];

  @ApiDateTime()
  refundedAt: string;

  @ApiDateTime()
  createdAt: string;
}

export class MarketingConsentDto implements MarketingConsent {
  @ApiProperty({ example: 'SUBSCRIBED', description: "Shopify's marketing state" })
  state: string;

  @ApiNullableString({ example: 'SINGLE_OPT_IN' })
  optInLevel: string | null;

  @ApiNullableDateTime()
  consentUpdatedAt: string | null;
}

export class CustomerDocumentDto implements CustomerDocumentV1 {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'C-10001' })
  number: string;

  @ApiNullableString({ example: 'anna@example.com' })
  email: string | null;

  @ApiNullableString({ example: '+31612345678' })
  phone: string | null;

  @ApiNullableString({ example: 'Anna' })
  firstName: string | null;

  @ApiNullableString({ example: 'de Vries' })
  lastName: string | null;

  @ApiNullableString()
  company: string | null;

  @ApiProperty({ type: ErpAddressDto, nullable: true, description: 'the default address' })
  address: ErpAddressDto | null;

  @ApiProperty({ enum: ['erp', 'shopify'] })
  source: 'erp' | 'shopify';

  @ApiDateTime()
  updatedAt: string;

  @ApiProperty({ type: Boolean, nullable: true, description: 'null: not known' })
  taxExempt: boolean | null;

  @ApiProperty({ type: [String], example: [] })
  taxExemptions: string[];

  @ApiProperty({ type: MarketingConsentDto, nullable: true })
  emailMarketingConsent: MarketingConsentDto | null;

  @ApiProperty({ type: MarketingConsentDto, nullable: true })
  smsMarketingConsent: MarketingConsentDto | null;

  @ApiProperty({ type: [ErpCustomerAddressDto], description: 'the other (ship-to) addresses' })
  addresses: ErpCustomerAddressDto[];
}

export class PaymentDocumentDto implements PaymentDocumentV1 {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'gid://shopify/OrderTransaction/1' })
  transactionId: string;

  @ApiProperty({ format: 'uuid' })
  shopId: string;

  @ApiProperty({ example: 'gid://shopify/Order/1001' })
  shopifyOrderId: string;

  @ApiProperty({ example: '#1001' })
  orderName: string;

  @ApiProperty({ example: 'SALE', description: "Shopify's transaction kind" })
  kind: string;

  @ApiProperty({ example: 'SUCCESS' })
  status: string;

  @ApiNullableString({ example: 'shopify_payments' })
  gateway: string | null;

  @ApiMoney('44.85')
  amount: string;

  @ApiProperty({ example: 'EUR' })
  currency: string;

  @ApiNullableString()
  parentTransactionId: string | null;

  @ApiNullableDateTime()
  processedAt: string | null;

  @ApiDateTime()
  createdAt: string;
}

export class PayoutSummaryDto implements PayoutSummaryAmounts {
  @ApiMoney('44.85') chargesGross: string;
  @ApiMoney('-1.55') chargesFee: string;
  @ApiMoney('0.00') refundsFeeGross: string;
  @ApiMoney('0.00') refundsFee: string;
  @ApiMoney('0.00') adjustmentsGross: string;
  @ApiMoney('0.00') adjustmentsFee: string;
}

export class PayoutDocumentDto implements PayoutDocumentV1 {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  shopId: string;

  @ApiProperty({ example: 'gid://shopify/ShopifyPaymentsPayout/1' })
  payoutId: string;

  @ApiProperty({ example: '1' })
  legacyId: string;

  @ApiProperty({ example: 'PAID' })
  status: string;

  @ApiProperty({ description: 'PAID, FAILED or CANCELED: the payout changes no more' })
  final: boolean;

  @ApiProperty({ example: 'DEPOSIT' })
  transactionType: string;

  @ApiDateTime()
  issuedAt: string;

  @ApiMoney('43.30')
  net: string;

  @ApiMoney('44.85')
  gross: string;

  @ApiProperty({ example: 'EUR', description: 'the payout currency' })
  currency: string;

  @ApiProperty({ example: 'EUR' })
  shopCurrency: string;

  @ApiProperty({ type: PayoutSummaryDto, nullable: true })
  summary: PayoutSummaryDto | null;

  @ApiDateTime()
  createdAt: string;

  @ApiDateTime()
  updatedAt: string;
}

export class BalanceTransactionDocumentDto implements BalanceTransactionDocumentV1 {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  shopId: string;

  @ApiProperty({ example: 'gid://shopify/ShopifyPaymentsBalanceTransaction/1' })
  transactionId: string;

  @ApiProperty({ example: 'CHARGE' })
  type: string;

  @ApiMoney('44.85')
  amount: string;

  @ApiMoney('1.55')
  fee: string;

  @ApiMoney('43.30')
  net: string;

  @ApiProperty({ example: 'EUR' })
  currency: string;

  @ApiProperty({ example: 'EUR' })
  shopCurrency: string;

  @ApiDateTime()
  transactionDate: string;

  @ApiNullableString({ example: 'gid://shopify/Order/1001' })
  shopifyOrderId: string | null;

  @ApiNullableString({ example: '#1001' })
  orderName: string | null;

  @ApiNullableString({ example: 'gid://shopify/ShopifyPaymentsPayout/1' })
  payoutId: string | null;

  @ApiNullableString({ example: 'PAID' })
  payoutStatus: string | null;

  @ApiNullableString({ example: 'CHARGE' })
  sourceType: string | null;

  @ApiNullableString()
  sourceOrderTransactionId: string | null;

  @ApiProperty()
  test: boolean;

  @ApiDateTime()
  createdAt: string;
}

export class DisputeDocumentDto implements DisputeDocumentV1 {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  shopId: string;

  @ApiProperty({ example: 'gid://shopify/ShopifyPaymentsDispute/1' })
  disputeId: string;

  @ApiProperty({ example: '1' })
  legacyId: string;

  @ApiProperty({ example: 'NEEDS_RESPONSE' })
  status: string;

  @ApiProperty({ description: 'WON, LOST, ACCEPTED or PREVENTED: the dispute changes no more' })
  final: boolean;

  @ApiProperty({ example: 'CHARGEBACK' })
  kind: string;

  @ApiMoney('44.85')
  amount: string;

  @ApiProperty({ example: 'EUR' })
  currency: string;

  @ApiProperty({ example: 'EUR' })
  shopCurrency: string;

  @ApiProperty({ example: 'FRAUDULENT' })
  reason: string;

  @ApiNullableString({ example: 'gid://shopify/Order/1001' })
  shopifyOrderId: string | null;

  @ApiNullableString({ example: '#1001' })
  orderName: string | null;

  @ApiDateTime()
  initiatedAt: string;

  @ApiNullableDateTime()
  evidenceDueBy: string | null;

  @ApiNullableDateTime()
  finalizedOn: string | null;

  @ApiDateTime()
  createdAt: string;

  @ApiDateTime()
  updatedAt: string;
}
