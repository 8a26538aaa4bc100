import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock, salesOrderDocument, SalesOrderDocumentV1 } from '@shopsync/shared';
import { SalesOrderHasNoConflict, SalesOrderNotFound } from './erp.errors';
import { ErpOrdersRepository } from './erp-orders.repository';

// Conflicts (issue 16): a Shopify order changed after its sales document was made is flagged on
// the document, which stays as it was; an operator acknowledges the flag once they have seen it.
@Injectable()
export class ErpConflictsService {
  constructor(
    private readonly repo: ErpOrdersRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  // Idempotent: acknowledging again keeps the first time.
  async acknowledge(id: string): Promise<SalesOrderDocumentV1> {
    const found = await this.repo.findSalesOrder(id);
    if (!found) throw new SalesOrderNotFound(id);
    if (!found.conflict) throw new SalesOrderHasNoConflict(id);
    if (!found.conflictAcknowledgedAt) await this.repo.acknowledgeConflict(id, this.clock.now());
    const order = (await this.repo.findSalesOrder(id))!;
    return salesOrderDocument(order, await this.repo.salesOrderLines([id]));
  }
}
