import { IsBoolean, IsOptional, IsString } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';

/** One entry of a SCIM multi-valued attribute (emails, phoneNumbers) as the application sees it. */
@JSONSchema({ description: 'One entry of a SCIM multi-valued attribute (emails, phoneNumbers).' })
export class MultiValuedAttributePayload {
  @IsString()
  @JSONSchema({ description: 'The value, as the identity provider sent it.' })
  value!: string;

  @IsOptional()
  @IsString()
  @JSONSchema({ description: 'The label, such as `work` or `mobile`, when one was sent.' })
  type?: string;

  @IsOptional()
  @IsBoolean()
  @JSONSchema({ description: 'True on the primary entry, when the identity provider marks one.' })
  primary?: boolean;
}
