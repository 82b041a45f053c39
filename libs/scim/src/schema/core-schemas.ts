import {
  attribute,
  AttributeDefinition,
  ResourceTypeDefinition,
  SchemaDefinition,
} from './attribute-definition';
import { ScimSchemaUrns } from './schema-urns';

/**
 * The common attributes of every resource (RFC 7643 §3.1). They belong to no schema, so /Schemas does not list
 * them, but filters, paths and projections resolve them like core attributes.
 */
export const COMMON_ATTRIBUTES: readonly AttributeDefinition[] = [
  attribute('id', 'string', 'Unique identifier of the resource, assigned by the service provider.', {
    caseExact: true,
    mutability: 'readOnly',
    returned: 'always',
    uniqueness: 'server',
  }),
  attribute('externalId', 'string', 'Identifier of the resource as defined by the provisioning client.', {
    caseExact: true,
  }),
  attribute('schemas', 'reference', 'The schema URNs the resource conforms to.', {
    multiValued: true,
    mutability: 'readOnly',
    returned: 'always',
    referenceTypes: ['uri'],
  }),
  attribute('meta', 'complex', 'Resource metadata maintained by the service provider.', {
    mutability: 'readOnly',
    subAttributes: [
      attribute('resourceType', 'string', 'Name of the resource type of the resource.', {
        caseExact: true,
        mutability: 'readOnly',
      }),
      attribute('created', 'dateTime', 'When the resource was added to the service provider.', {
        mutability: 'readOnly',
      }),
      attribute('lastModified', 'dateTime', 'When the resource was last updated.', {
        mutability: 'readOnly',
      }),
      attribute('location', 'reference', 'URI of the resource.', {
        caseExact: true,
        mutability: 'readOnly',
        referenceTypes: ['uri'],
      }),
      attribute('version', 'string', 'Version of the resource, the opaque part of its ETag.', {
        caseExact: true,
        mutability: 'readOnly',
      }),
    ],
  }),
];

/** `value`, `display`, `type` and `primary`: the sub-attributes shared by the multi-valued User attributes. */
function multiValuedSubAttributes(
  what: string,
  canonicalTypes: readonly string[] | undefined,
  value: AttributeDefinition = attribute('value', 'string', `The ${what}.`),
): AttributeDefinition[] {
  return [
    value,
    attribute('display', 'string', 'A human-readable name, primarily used for display purposes.'),
    attribute(
      'type',
      'string',
      `A label indicating the function of the ${what}.`,
      canonicalTypes ? { canonicalValues: canonicalTypes } : {},
    ),
    attribute('primary', 'boolean', `Whether this is the preferred ${what}; true appears at most once.`),
  ];
}

/** The core User schema (RFC 7643 §4.1, §8.7.1). */
export const USER_SCHEMA: SchemaDefinition = {
  id: ScimSchemaUrns.user,
  name: 'User',
  description: 'User Account',
  attributes: [
    attribute('userName', 'string', 'Unique identifier of the User, used to authenticate. REQUIRED.', {
      required: true,
      uniqueness: 'server',
    }),
    attribute('name', 'complex', "The components of the User's real name.", {
      subAttributes: [
        attribute('formatted', 'string', 'The full name, formatted for display.'),
        attribute('familyName', 'string', 'The family name, or last name in most Western languages.'),
        attribute('givenName', 'string', 'The given name, or first name in most Western languages.'),
        attribute('middleName', 'string', 'The middle name(s).'),
        attribute('honorificPrefix', 'string', "The honorific prefix(es), e.g. 'Ms.'."),
        attribute('honorificSuffix', 'string', "The honorific suffix(es), e.g. 'III'."),
      ],
    }),
    attribute('displayName', 'string', 'The name of the User, suitable for display to end-users.'),
    attribute('nickName', 'string', 'The casual way to address the User.'),
    attribute('profileUrl', 'reference', "A URL of a page representing the User's online profile.", {
      caseExact: true,
      referenceTypes: ['external'],
    }),
    attribute('title', 'string', "The User's title, such as 'Vice President'."),
    attribute(
      'userType',
      'string',
      "The relationship between the organization and the User, e.g. 'Employee'.",
    ),
    attribute(
      'preferredLanguage',
      'string',
      "The User's preferred written or spoken language, e.g. 'en-US'.",
    ),
    attribute('locale', 'string', "The User's default location for localization, e.g. 'en-US'."),
    attribute('timezone', 'string', "The User's time zone in IANA format, e.g. 'America/Los_Angeles'."),
    attribute('active', 'boolean', "The User's administrative status."),
    attribute('password', 'string', "The User's cleartext password; write-only, never returned.", {
      caseExact: true,
      mutability: 'writeOnly',
      returned: 'never',
    }),
    attribute('emails', 'complex', "Email addresses of the User; canonical types 'work', 'home', 'other'.", {
      multiValued: true,
      subAttributes: multiValuedSubAttributes('email address', ['work', 'home', 'other']),
    }),
    attribute('phoneNumbers', 'complex', 'Phone numbers of the User, ideally in RFC 3966 form.', {
      multiValued: true,
      subAttributes: multiValuedSubAttributes('phone number', [
        'work',
        'home',
        'mobile',
        'fax',
        'pager',
        'other',
      ]),
    }),
    attribute('ims', 'complex', 'Instant messaging addresses of the User.', {
      multiValued: true,
      subAttributes: multiValuedSubAttributes('instant messaging address', [
        'aim',
        'gtalk',
        'icq',
        'xmpp',
        'msn',
        'skype',
        'qq',
        'yahoo',
      ]),
    }),
    attribute('photos', 'complex', 'URLs of photos of the User.', {
      multiValued: true,
      subAttributes: multiValuedSubAttributes(
        'photo',
        ['photo', 'thumbnail'],
        attribute('value', 'reference', 'The URL of a photo of the User.', {
          caseExact: true,
          referenceTypes: ['external'],
        }),
      ),
    }),
    attribute(
      'addresses',
      'complex',
      "Physical mailing addresses; canonical types 'work', 'home', 'other'.",
      {
        multiValued: true,
        subAttributes: [
          attribute(
            'formatted',
            'string',
            'The full mailing address, formatted for display; may contain newlines.',
          ),
          attribute('streetAddress', 'string', 'The full street address component.'),
          attribute('locality', 'string', 'The city or locality component.'),
          attribute('region', 'string', 'The state or region component.'),
          attribute('postalCode', 'string', 'The zip code or postal code component.'),
          attribute('country', 'string', 'The country name component, ideally ISO 3166-1 alpha-2.'),
          attribute('type', 'string', "A label indicating the function of the address, e.g. 'work'.", {
            canonicalValues: ['work', 'home', 'other'],
          }),
          attribute(
            'primary',
            'boolean',
            'Whether this is the preferred address; true appears at most once.',
          ),
        ],
      },
    ),
    attribute('groups', 'complex', 'The groups the User belongs to; maintained by the service provider.', {
      multiValued: true,
      mutability: 'readOnly',
      identifiedBy: 'value',
      subAttributes: [
        attribute('value', 'string', 'The id of the Group.', { caseExact: true, mutability: 'readOnly' }),
        attribute('$ref', 'reference', 'The URI of the Group.', {
          caseExact: true,
          mutability: 'readOnly',
          referenceTypes: ['Group'],
        }),
        attribute('display', 'string', 'The displayName of the Group.', { mutability: 'readOnly' }),
        attribute('type', 'string', "'direct' or 'indirect' membership.", {
          mutability: 'readOnly',
          canonicalValues: ['direct', 'indirect'],
        }),
      ],
    }),
    attribute('entitlements', 'complex', 'Entitlements of the User: things the User has.', {
      multiValued: true,
      subAttributes: multiValuedSubAttributes('entitlement', undefined),
    }),
    attribute('roles', 'complex', "Roles of the User, e.g. 'Student', 'Faculty'.", {
      multiValued: true,
      subAttributes: multiValuedSubAttributes('role', undefined),
    }),
    attribute('x509Certificates', 'complex', 'Certificates issued to the User.', {
      multiValued: true,
      subAttributes: multiValuedSubAttributes(
        'certificate',
        undefined,
        attribute('value', 'binary', 'A DER-encoded X.509 certificate, base64.', { caseExact: true }),
      ),
    }),
  ],
};

/**
 * The Enterprise User extension (RFC 7643 §4.3, §8.7.1). Deviation: `manager.$ref` is optional here, because
 * identity providers send `manager` as `{ value }` only.
 */
export const ENTERPRISE_USER_SCHEMA: SchemaDefinition = {
  id: ScimSchemaUrns.enterpriseUser,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    attribute('employeeNumber', 'string', 'Identifier assigned to a person, typically by order of hire.'),
    attribute('costCenter', 'string', 'The name of a cost center.'),
    attribute('organization', 'string', 'The name of an organization.'),
    attribute('division', 'string', 'The name of a division.'),
    attribute('department', 'string', 'The name of a department.'),
    attribute('manager', 'complex', "The User's manager, referencing the id of another User.", {
      subAttributes: [
        attribute('value', 'string', "The id of the manager's User resource. REQUIRED.", {
          required: true,
          caseExact: true,
        }),
        attribute('$ref', 'reference', "The URI of the manager's User resource.", {
          referenceTypes: ['User'],
        }),
        attribute('displayName', 'string', "The manager's displayName; read-only.", {
          mutability: 'readOnly',
        }),
      ],
    }),
  ],
};

/**
 * The core Group schema (RFC 7643 §4.2, §8.7.1). `members.display` is not in §8.7.1 but is used throughout
 * §4.2 and by every identity provider; it is read-only here because the server derives it from the member.
 */
export const GROUP_SCHEMA: SchemaDefinition = {
  id: ScimSchemaUrns.group,
  name: 'Group',
  description: 'Group',
  attributes: [
    // unique per directory here (identity providers take a group over by its displayName), so advertised as such
    attribute('displayName', 'string', 'A human-readable name for the Group. REQUIRED.', {
      required: true,
      uniqueness: 'server',
    }),
    attribute('members', 'complex', 'The members of the Group.', {
      multiValued: true,
      identifiedBy: 'value',
      subAttributes: [
        attribute('value', 'string', 'The id of the member.', { mutability: 'immutable' }),
        attribute('$ref', 'reference', 'The URI of the member resource.', {
          mutability: 'immutable',
          referenceTypes: ['User', 'Group'],
        }),
        attribute('type', 'string', "The type of the member resource: 'User' or 'Group'.", {
          mutability: 'immutable',
          canonicalValues: ['User', 'Group'],
        }),
        attribute('display', 'string', 'A human-readable name of the member.', { mutability: 'readOnly' }),
      ],
    }),
  ],
};

/** The User resource type: core User plus the optional Enterprise User extension. */
export const USER_RESOURCE_TYPE: ResourceTypeDefinition = {
  name: 'User',
  endpoint: '/Users',
  description: 'User Account',
  schema: ScimSchemaUrns.user,
  schemaExtensions: [{ schema: ScimSchemaUrns.enterpriseUser, required: false }],
};

/** The Group resource type. */
export const GROUP_RESOURCE_TYPE: ResourceTypeDefinition = {
  name: 'Group',
  endpoint: '/Groups',
  description: 'Group',
  schema: ScimSchemaUrns.group,
  schemaExtensions: [],
};
