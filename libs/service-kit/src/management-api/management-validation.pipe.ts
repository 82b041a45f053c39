import { Injectable, ValidationPipe, type ValidationError } from '@nestjs/common';
import { ManagementApiException } from './management-api.exception';

/**
 * Validates bodies and query strings against their DTO classes: unknown properties are refused, values are
 * converted to the DTO's types, and every problem is listed in one `validation_failed` error.
 */
@Injectable()
export class ManagementValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => ManagementApiException.validation(problemsOf(errors)),
    });
  }
}

function problemsOf(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) =>
      // class-validator names only the leaf property; a nested one gets its full path.
      parent && message.startsWith(`${error.property} `)
        ? `${path}${message.slice(error.property.length)}`
        : message,
    );
    return [...own, ...problemsOf(error.children ?? [], path)];
  });
}
