import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import type { ValidatorOptions } from 'class-validator';
import { flattenValidationErrors, ValidationFailed } from '@shopsync/shared';
import { nestedShapeErrors } from './nested-shape';
import { nullFieldErrors } from './nullable-only';

// 400 naming every bad field; unknown fields are refused, not silently dropped.
class GatewayValidationPipe extends ValidationPipe {
  protected override async validate(
    object: object,
    options?: ValidatorOptions,
  ): Promise<ValidationError[]> {
    const errors = await super.validate(object, options);
    return [...errors, ...nestedShapeErrors(object), ...nullFieldErrors(object)];
  }

  // Input that a recursive step cannot even walk is the sender's fault, not a server error (body
  // parsing bounds depth first; this covers what reaches a pipe by another way).
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      if (error instanceof RangeError)
        throw new ValidationFailed([{ field: metadata.type, message: 'nested too deeply' }]);
      throw error;
    }
  }
}

export function validationPipe(): ValidationPipe {
  return new GatewayValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors: ValidationError[]) =>
      new ValidationFailed(flattenValidationErrors(errors)),
  });
}
