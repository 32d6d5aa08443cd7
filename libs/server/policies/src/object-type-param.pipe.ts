import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';
import { objectTypeNameSchema } from '@plumbline/policy';

/** An object type in a path, e.g. `dcim.device`. */
@Injectable()
export class ObjectTypeParamPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (objectTypeNameSchema.safeParse(value).success) return value;
    throw new BadRequestException({
      message: `"${value.slice(0, 100)}" is not an object type`,
      details: [{ field: 'objectType', reason: 'must be an object type such as dcim.device' }],
    });
  }
}
