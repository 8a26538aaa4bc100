import { ErpCustomerEntity, ShopCustomerEntity } from './erp-customer.entity';
import { ErpPaymentEntity } from './erp-payment.entity';
import { ErpSalesOrderEntity, ErpSalesOrderLineEntity } from './erp-sales-order.entity';
import { ErpShipmentEntity } from './erp-shipment.entity';
import { ShopifyOrderEntity } from './shopify-order.entity';
import { ErpCreditMemoEntity, ErpCreditMemoLineEntity } from './erp-credit-memo.entity';
import {
  ErpBalanceTransactionEntity,
  ErpDisputeEntity,
  ErpPayoutEntity,
} from './shopify-payments.entities';

export * from './erp-customer.entity';
export * from './erp-payment.entity';
export * from './erp-sales-order.entity';
export * from './erp-shipment.entity';
export * from './shopify-order.entity';
export * from './staged-order.types';
export * from './erp-credit-memo.entity';
export * from './shopify-payments.entities';

// The order side (issue 7): customers, order staging, sales orders, shipments, payments.
export const ORDER_ENTITIES = [
  ErpCustomerEntity,
  ShopCustomerEntity,
  ShopifyOrderEntity,
  ErpSalesOrderEntity,
  ErpSalesOrderLineEntity,
  ErpShipmentEntity,
  ErpPaymentEntity,
  ErpCreditMemoEntity,
  ErpCreditMemoLineEntity,
  ErpPayoutEntity,
  ErpBalanceTransactionEntity,
  ErpDisputeEntity,
];
