import { ValidationError, ValidationPipe } from '@nestjs/common';
import { flattenValidationErrors, ValidationFailed } from '@shopsync/shared';

// 400 naming every bad field; unknown fields are refused, not silently dropped.
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors: ValidationError[]) =>
      new ValidationFailed(flattenValidationErrors(errors)),
  });
}
