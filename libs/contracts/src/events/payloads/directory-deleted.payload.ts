import { IsIn, IsISO8601 } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { Nullable } from '../schema/schema-decorators';
import { DirectoryReferencePayload } from './directory-reference.payload';

/** The directory as it was when deleted. */
@JSONSchema({ description: 'The directory as it was when deleted.' })
export class DirectoryDeletedPayload extends DirectoryReferencePayload {
  @IsIn(['pending', 'active'])
  @JSONSchema({ description: '`pending` until its first SCIM write, then `active`.' })
  status!: 'pending' | 'active';

  @Nullable()
  @IsISO8601()
  @JSONSchema({ description: 'When its first SCIM write happened; null if it never had one.' })
  activatedAt!: string | null;

  @IsISO8601()
  @JSONSchema({ description: 'When the directory was created.' })
  createdAt!: string;
}
