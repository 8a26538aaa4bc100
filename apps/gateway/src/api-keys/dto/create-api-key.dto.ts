import { Omittable } from '@shopsync/shared';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsString, Matches } from 'class-validator';
import { SCOPES, type Scope } from '../../auth/api-keys';
import { IsInstant } from '../../common/instant';
import { SHOP_CODE, SHOP_CODE_MESSAGE } from '../../shops/dto/create-shop.dto';

export const KEY_NAME = /^[A-Za-z0-9][A-Za-z0-9._ -]{0,99}$/;

// The one shape of a new key, for the API and the key CLI alike.
export class CreateApiKeyDto {
  @ApiProperty({
    example: 'erp-connector',
    description: 'who or what uses the key: 1-100 letters, digits, dot, underscore, dash, space',
  })
  @IsString()
  @Matches(KEY_NAME, {
    message: 'must be 1-100 letters, digits, dots, underscores, dashes or spaces',
  })
  name: string;

  @ApiProperty({
    enum: SCOPES,
    isArray: true,
    example: ['read', 'write'],
    description:
      'read (GET), write (requests, schedules), admin (shops, keys); admin ⊇ write ⊇ read',
  })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(3)
  @IsIn(SCOPES, { each: true })
  scopes: Scope[];

  @ApiPropertyOptional({
    type: [String],
    example: ['eu-store'],
    description: 'the only shops the key may act on; absent: every shop',
  })
  @Omittable()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(100)
  @Matches(SHOP_CODE, { each: true, message: `each shop code ${SHOP_CODE_MESSAGE}` })
  shops?: string[];

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2030-12-31T23:59:59Z',
    description: 'the key stops working at this instant; absent: never',
  })
  @Omittable()
  @IsInstant()
  expiresAt?: string;
}
