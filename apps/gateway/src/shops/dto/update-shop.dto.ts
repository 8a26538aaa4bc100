import { OmitType, PartialType } from '@nestjs/swagger';
import { NullableOnly } from '../../common/nullable-only';
import { CreateShopDto } from './create-shop.dto';

@NullableOnly()
export class UpdateShopDto extends PartialType(OmitType(CreateShopDto, ['code'] as const)) {}
