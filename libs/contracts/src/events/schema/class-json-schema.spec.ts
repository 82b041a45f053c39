import { Equals, IsInt, IsISO8601, IsOptional, IsString, Min, ValidateNested } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { classJsonSchema } from './class-json-schema';
import { NestedPayload, Nullable } from './schema-decorators';

class TagPayload {
  @IsString()
  label!: string;
}

class OwnerPayload {
  @IsString()
  name!: string;

  @NestedPayload(() => TagPayload, { each: true })
  tags!: TagPayload[];
}

class ThingBase {
  @IsString()
  @JSONSchema({ description: 'Declared first, by the base class.' })
  id!: string;
}

class ThingPayload extends ThingBase {
  @Equals('thing')
  kind!: 'thing';

  @IsInt()
  @Min(0)
  count!: number;

  @IsOptional()
  @IsString()
  note?: string;

  @Nullable()
  @IsISO8601()
  seenAt!: string | null;

  @Nullable()
  @NestedPayload(() => OwnerPayload)
  owner!: OwnerPayload | null;
}

class LooseNestingPayload {
  @ValidateNested()
  owner!: OwnerPayload;
}

describe(classJsonSchema.name, () => {
  const { schema, defs } = classJsonSchema(ThingPayload);

  it('lists inherited properties first, then the own ones in declaration order', () => {
    expect(Object.keys(schema.properties!)).toEqual(['id', 'kind', 'count', 'note', 'seenAt', 'owner']);
    expect(schema.properties!['id']).toEqual({
      description: 'Declared first, by the base class.',
      type: 'string',
    });
  });

  it('requires every property but the @IsOptional ones, nullable ones included', () => {
    expect(schema.required).toEqual(['id', 'kind', 'count', 'seenAt', 'owner']);
  });

  it.each([
    ['kind', { const: 'thing' }],
    ['count', { type: 'integer', minimum: 0 }],
    ['note', { type: 'string' }],
    ['seenAt', { type: ['string', 'null'], format: 'date-time' }],
    ['owner', { anyOf: [{ $ref: '#/$defs/Owner' }, { type: 'null' }] }],
  ])('describes %s', (name, expected) => {
    expect(schema.properties![name]).toEqual(expected);
  });

  it('puts every class reached through nested properties in $defs, named without the Payload suffix', () => {
    expect(Object.keys(defs)).toEqual(['Owner', 'Tag']);
    expect(defs['Owner']!.properties!['tags']).toEqual({ type: 'array', items: { $ref: '#/$defs/Tag' } });
    expect(defs['Tag']).toEqual({
      type: 'object',
      required: ['label'],
      properties: { label: { type: 'string' } },
    });
  });

  it('refuses a nested property whose class it cannot know', () => {
    expect(() => classJsonSchema(LooseNestingPayload)).toThrow('owner: use @NestedPayload');
  });
});
