import { ValidateBy, type ValidationOptions } from 'class-validator';
import { isEventTypePattern } from '../../filtering/event-type-pattern';

/** Each entry is a catalog event type, `*`, or a wildcard such as `directory.user.*`. */
export function IsEventTypePatterns(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isEventTypePatterns',
      validator: {
        validate: (value: unknown) =>
          Array.isArray(value) && value.every((entry) => isEventTypePattern(entry)),
        defaultMessage: () =>
          '$property must hold event types of the catalog or wildcards over them such as directory.user.*',
      },
    },
    options,
  );
}
