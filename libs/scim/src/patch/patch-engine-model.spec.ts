import fc from 'fast-check';
import { ScimResource } from '../json-value';
import { validateResource } from '../resource/resource-validator';
import { SchemaSet } from '../schema/schema-set';
import { ScimError } from '../scim-error';
import { applyPatch, PatchOperation } from './patch-engine';

// A deliberately naive reference model of the PATCH semantics for a subset of attributes, written without
// any of the engine's helpers: plain arrays, linear scans, whole-state copies. Random operation sequences
// must give the same resource (or the same failure) from both, and every result must be schema-valid.

const schemaSet = SchemaSet.standard();
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

class ModelError extends Error {
  constructor(readonly scimType: string) {
    super(scimType);
  }
}

const opName = (base: 'add' | 'replace' | 'remove'): fc.Arbitrary<string> =>
  fc.constantFrom(base, `${base.charAt(0).toUpperCase()}${base.slice(1)}`, base.toUpperCase());

// ---------------------------------------------------------------- groups

interface GroupModel {
  displayName: string;
  externalId?: string;
  members: string[];
}

type GroupCommand =
  | { kind: 'addMembers'; op: string; values: string[] }
  | { kind: 'removeMembersByValue'; op: string; values: string[] }
  | { kind: 'removeMemberByFilter'; op: string; value: string }
  | { kind: 'replaceMembers'; op: string; values: string[] }
  | { kind: 'removeAllMembers'; op: string }
  | { kind: 'rename'; op: string; displayName: string; pathless: boolean; withId: 'none' | 'same' | 'other' }
  | { kind: 'setExternalId'; op: string; externalId: string }
  | { kind: 'removeExternalId'; op: string };

const GROUP_ID = 'group-1';
const memberIds = fc.constantFrom('u-1', 'u-2', 'u-3', 'u-4', 'U-1', 'u-5');

const groupCommand: fc.Arbitrary<GroupCommand> = fc.oneof(
  fc.record({
    kind: fc.constant('addMembers' as const),
    op: opName('add'),
    values: fc.array(memberIds, { maxLength: 4 }),
  }),
  fc.record({
    kind: fc.constant('removeMembersByValue' as const),
    op: opName('remove'),
    values: fc.array(memberIds, { minLength: 1, maxLength: 3 }),
  }),
  fc.record({ kind: fc.constant('removeMemberByFilter' as const), op: opName('remove'), value: memberIds }),
  fc.record({
    kind: fc.constant('replaceMembers' as const),
    op: opName('replace'),
    values: fc.array(memberIds, { maxLength: 4 }),
  }),
  fc.record({ kind: fc.constant('removeAllMembers' as const), op: opName('remove') }),
  fc.record({
    kind: fc.constant('rename' as const),
    op: fc.oneof(opName('replace'), opName('add')),
    displayName: fc.constantFrom('Engineering', 'Platform', 'engineering', ''),
    pathless: fc.boolean(),
    withId: fc.constantFrom('none' as const, 'same' as const, 'other' as const),
  }),
  fc.record({
    kind: fc.constant('setExternalId' as const),
    op: fc.oneof(opName('add'), opName('replace')),
    externalId: fc.constantFrom('ext-1', 'EXT-1'),
  }),
  fc.record({ kind: fc.constant('removeExternalId' as const), op: opName('remove') }),
);

function groupOperation(command: GroupCommand): PatchOperation {
  switch (command.kind) {
    case 'addMembers':
      return { op: command.op, path: 'members', value: command.values.map((value) => ({ value })) };
    case 'removeMembersByValue':
      return { op: command.op, path: 'members', value: command.values.map((value) => ({ value })) };
    case 'removeMemberByFilter':
      return { op: command.op, path: `members[value eq "${command.value}"]` };
    case 'replaceMembers':
      return { op: command.op, path: 'members', value: command.values.map((value) => ({ value })) };
    case 'removeAllMembers':
      return { op: command.op, path: 'members' };
    case 'rename': {
      if (!command.pathless) return { op: command.op, path: 'displayName', value: command.displayName };
      const id =
        command.withId === 'same' ? { id: GROUP_ID } : command.withId === 'other' ? { id: 'group-2' } : {};
      return { op: command.op, value: { ...id, displayName: command.displayName } };
    }
    case 'setExternalId':
      return { op: command.op, path: 'externalId', value: command.externalId };
    case 'removeExternalId':
      return { op: command.op, path: 'externalId' };
  }
}

function uniqueMembers(values: string[]): string[] {
  const result: string[] = [];
  for (const value of values) {
    if (!result.some((existing) => existing.toLowerCase() === value.toLowerCase())) result.push(value);
  }
  return result;
}

function applyGroupCommand(model: GroupModel, command: GroupCommand): GroupModel {
  const next: GroupModel = { ...model, members: [...model.members] };
  switch (command.kind) {
    case 'addMembers':
      next.members = uniqueMembers([...next.members, ...command.values]);
      return next;
    case 'removeMembersByValue':
    case 'removeMemberByFilter': {
      const values = command.kind === 'removeMemberByFilter' ? [command.value] : command.values;
      next.members = next.members.filter(
        (member) => !values.some((value) => value.toLowerCase() === member.toLowerCase()),
      );
      return next;
    }
    case 'replaceMembers':
      next.members = uniqueMembers(command.values);
      return next;
    case 'removeAllMembers':
      next.members = [];
      return next;
    case 'rename':
      if (command.pathless && command.withId === 'other') throw new ModelError('mutability');
      if (command.displayName === '') throw new ModelError('mutability');
      next.displayName = command.displayName;
      return next;
    case 'setExternalId':
      next.externalId = command.externalId;
      return next;
    case 'removeExternalId':
      delete next.externalId;
      return next;
  }
}

function groupResource(model: GroupModel): ScimResource {
  return {
    schemas: [GROUP],
    id: GROUP_ID,
    displayName: model.displayName,
    ...(model.externalId === undefined ? {} : { externalId: model.externalId }),
    ...(model.members.length === 0 ? {} : { members: model.members.map((value) => ({ value })) }),
    meta: { resourceType: 'Group', version: '1' },
  };
}

// ---------------------------------------------------------------- users

interface Email {
  value: string;
  type: string;
  primary?: boolean;
}

interface UserModel {
  userName: string;
  title?: string;
  active?: boolean;
  givenName?: string;
  familyName?: string;
  emails: Email[];
  department?: string;
}

type UserCommand =
  | { kind: 'setUserName'; op: string; userName: string }
  | { kind: 'setTitle'; op: string; title: string; pathless: boolean }
  | { kind: 'removeTitle'; op: string }
  | { kind: 'setActive'; op: string; active: boolean; pathless: boolean }
  | { kind: 'setGivenName'; op: string; givenName: string; form: 'path' | 'dotted' | 'urn' | 'complex' }
  | { kind: 'removeFamilyName'; op: string }
  | { kind: 'addEmails'; op: string; emails: Email[] }
  | { kind: 'removeEmailsOfType'; op: string; type: string }
  | { kind: 'replaceEmailValueOfType'; op: string; type: string; value: string }
  | { kind: 'clearEmails'; op: string }
  | { kind: 'setDepartment'; op: string; department: string; form: 'path' | 'extension' | 'qualified' }
  | { kind: 'removeDepartment'; op: string }
  | { kind: 'removeUserName'; op: string };

const emailTypes = fc.constantFrom('work', 'home', 'Work', 'other');
const emailValues = fc.constantFrom('a@example.com', 'b@example.com', 'c@example.org');
const emailArbitrary: fc.Arbitrary<Email> = fc
  .record({ value: emailValues, type: emailTypes, primary: fc.boolean() })
  .map(({ value, type, primary }) => (primary ? { value, type, primary: true } : { value, type }));

const userCommand: fc.Arbitrary<UserCommand> = fc.oneof(
  fc.record({
    kind: fc.constant('setUserName' as const),
    op: opName('replace'),
    userName: fc.constantFrom('ada', 'grace', 'ADA', ''),
  }),
  fc.record({
    kind: fc.constant('setTitle' as const),
    op: fc.oneof(opName('add'), opName('replace')),
    title: fc.constantFrom('Engineer', 'Boss'),
    pathless: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('removeTitle' as const), op: opName('remove') }),
  fc.record({
    kind: fc.constant('setActive' as const),
    op: opName('replace'),
    active: fc.boolean(),
    pathless: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('setGivenName' as const),
    op: fc.oneof(opName('add'), opName('replace')),
    givenName: fc.constantFrom('Ada', 'Grace'),
    form: fc.constantFrom('path' as const, 'dotted' as const, 'urn' as const, 'complex' as const),
  }),
  fc.record({ kind: fc.constant('removeFamilyName' as const), op: opName('remove') }),
  fc.record({
    kind: fc.constant('addEmails' as const),
    op: opName('add'),
    emails: fc.array(emailArbitrary, { maxLength: 3 }),
  }),
  fc.record({ kind: fc.constant('removeEmailsOfType' as const), op: opName('remove'), type: emailTypes }),
  fc.record({
    kind: fc.constant('replaceEmailValueOfType' as const),
    op: opName('replace'),
    type: emailTypes,
    value: emailValues,
  }),
  fc.record({ kind: fc.constant('clearEmails' as const), op: opName('replace') }),
  fc.record({
    kind: fc.constant('setDepartment' as const),
    op: fc.oneof(opName('add'), opName('replace')),
    department: fc.constantFrom('Sales', 'R&D'),
    form: fc.constantFrom('path' as const, 'extension' as const, 'qualified' as const),
  }),
  fc.record({ kind: fc.constant('removeDepartment' as const), op: opName('remove') }),
  fc.record({ kind: fc.constant('removeUserName' as const), op: opName('remove') }),
);

function userOperation(command: UserCommand): PatchOperation {
  switch (command.kind) {
    case 'setUserName':
      return { op: command.op, path: 'userName', value: command.userName };
    case 'setTitle':
      return command.pathless
        ? { op: command.op, value: { title: command.title } }
        : { op: command.op, path: 'title', value: command.title };
    case 'removeTitle':
      return { op: command.op, path: 'title' };
    case 'setActive':
      return command.pathless
        ? { op: command.op, value: { active: command.active } }
        : { op: command.op, path: 'active', value: command.active };
    case 'setGivenName':
      switch (command.form) {
        case 'path':
          return { op: command.op, path: 'name.givenName', value: command.givenName };
        case 'dotted':
          return { op: command.op, value: { 'name.givenName': command.givenName } };
        case 'urn':
          return { op: command.op, path: `${USER}:name.givenName`, value: command.givenName };
        case 'complex':
          return { op: command.op, path: 'name', value: { givenName: command.givenName } };
      }
      break;
    case 'removeFamilyName':
      return { op: command.op, path: 'name.familyName' };
    case 'addEmails':
      return { op: command.op, path: 'emails', value: command.emails };
    case 'removeEmailsOfType':
      return { op: command.op, path: `emails[type eq "${command.type}"]` };
    case 'replaceEmailValueOfType':
      return { op: command.op, path: `emails[type eq "${command.type}"].value`, value: command.value };
    case 'clearEmails':
      return { op: command.op, path: 'emails', value: [] };
    case 'setDepartment':
      switch (command.form) {
        case 'path':
          return { op: command.op, path: `${ENTERPRISE}:department`, value: command.department };
        case 'extension':
          return { op: command.op, value: { [ENTERPRISE]: { department: command.department } } };
        case 'qualified':
          return { op: command.op, value: { [`${ENTERPRISE}:department`]: command.department } };
      }
      break;
    case 'removeDepartment':
      return { op: command.op, path: `${ENTERPRISE}:department` };
    case 'removeUserName':
      return { op: command.op, path: 'userName' };
  }
}

const sameEmail = (left: Email, right: Email): boolean =>
  left.value === right.value && left.type === right.type && left.primary === right.primary;

function applyUserCommand(model: UserModel, command: UserCommand): UserModel {
  const next: UserModel = { ...model, emails: model.emails.map((email) => ({ ...email })) };
  switch (command.kind) {
    case 'setUserName':
      if (command.userName === '') throw new ModelError('mutability');
      next.userName = command.userName;
      return next;
    case 'removeUserName':
      throw new ModelError('mutability');
    case 'setTitle':
      next.title = command.title;
      return next;
    case 'removeTitle':
      delete next.title;
      return next;
    case 'setActive':
      next.active = command.active;
      return next;
    case 'setGivenName':
      next.givenName = command.givenName;
      return next;
    case 'removeFamilyName':
      delete next.familyName;
      return next;
    case 'addEmails': {
      const additions: Email[] = [];
      for (const email of command.emails) {
        if (!additions.some((added) => sameEmail(added, email))) additions.push(email);
      }
      if (additions.filter((email) => email.primary).length > 1) throw new ModelError('invalidValue');
      const appended = additions.filter(
        (email) => !next.emails.some((existing) => sameEmail(existing, email)),
      );
      if (appended.some((email) => email.primary)) {
        next.emails = next.emails.map((email) => (email.primary ? { ...email, primary: false } : email));
      }
      next.emails.push(...appended.map((email) => ({ ...email })));
      // a value whose primary was unset may now equal another one: kept once
      next.emails = next.emails.filter(
        (email, index) => !next.emails.slice(0, index).some((earlier) => sameEmail(earlier, email)),
      );
      return next;
    }
    case 'removeEmailsOfType':
      next.emails = next.emails.filter((email) => email.type.toLowerCase() !== command.type.toLowerCase());
      return next;
    case 'replaceEmailValueOfType': {
      const matching = next.emails.filter((email) => email.type.toLowerCase() === command.type.toLowerCase());
      if (matching.length === 0) throw new ModelError('noTarget');
      for (const email of matching) email.value = command.value;
      next.emails = next.emails.filter(
        (email, index) => !next.emails.slice(0, index).some((earlier) => sameEmail(earlier, email)),
      );
      return next;
    }
    case 'clearEmails':
      next.emails = [];
      return next;
    case 'setDepartment':
      next.department = command.department;
      return next;
    case 'removeDepartment':
      delete next.department;
      return next;
  }
}

function userResource(model: UserModel): ScimResource {
  const name = {
    ...(model.familyName === undefined ? {} : { familyName: model.familyName }),
    ...(model.givenName === undefined ? {} : { givenName: model.givenName }),
  };
  return {
    schemas: model.department === undefined ? [USER] : [USER, ENTERPRISE],
    id: 'user-1',
    userName: model.userName,
    ...(Object.keys(name).length === 0 ? {} : { name }),
    ...(model.title === undefined ? {} : { title: model.title }),
    ...(model.active === undefined ? {} : { active: model.active }),
    ...(model.emails.length === 0 ? {} : { emails: model.emails }),
    ...(model.department === undefined ? {} : { [ENTERPRISE]: { department: model.department } }),
    meta: { resourceType: 'User', version: '1' },
  };
}

// ---------------------------------------------------------------- the properties

function run<M, C>(
  model: M,
  commands: C[],
  apply: (model: M, command: C) => M,
): { model: M } | { error: string } {
  try {
    return { model: commands.reduce(apply, model) };
  } catch (error) {
    if (error instanceof ModelError) return { error: error.scimType };
    throw error;
  }
}

function engine(
  resource: ScimResource,
  operations: PatchOperation[],
): { resource: ScimResource; changed: boolean } | { error: string } {
  try {
    return applyPatch(resource, operations, schemaSet);
  } catch (error) {
    if (error instanceof ScimError) return { error: error.scimType ?? String(error.status) };
    throw error;
  }
}

function assertSchemaValid(resource: ScimResource, resourceType: string): void {
  const { id: _id, meta: _meta, ...attributes } = resource;
  expect(validateResource(resource, resourceType, schemaSet, 'replace')).toEqual(attributes);
}

const groupModel: fc.Arbitrary<GroupModel> = fc.record({
  displayName: fc.constantFrom('Engineering', 'Sales'),
  members: fc.uniqueArray(fc.constantFrom('u-1', 'u-2', 'u-3', 'u-6'), { maxLength: 4 }),
});

const userModel: fc.Arbitrary<UserModel> = fc
  .record({
    userName: fc.constantFrom('ada', 'grace'),
    title: fc.option(fc.constantFrom('Engineer'), { nil: undefined }),
    givenName: fc.option(fc.constantFrom('Ada'), { nil: undefined }),
    familyName: fc.option(fc.constantFrom('Lovelace'), { nil: undefined }),
    emails: fc.uniqueArray(fc.record({ value: emailValues, type: emailTypes }), {
      maxLength: 3,
      selector: (email) => `${email.value} ${email.type}`,
    }),
    primaryIndex: fc.nat(3),
    department: fc.option(fc.constantFrom('Sales'), { nil: undefined }),
  })
  .map(({ primaryIndex, emails, ...rest }) => {
    const model: UserModel = {
      userName: rest.userName,
      emails: emails.map((email, index) => (index === primaryIndex ? { ...email, primary: true } : email)),
    };
    if (rest.title !== undefined) model.title = rest.title;
    if (rest.givenName !== undefined) model.givenName = rest.givenName;
    if (rest.familyName !== undefined) model.familyName = rest.familyName;
    if (rest.department !== undefined) model.department = rest.department;
    return model;
  });

describe(`${applyPatch.name} against a reference model`, () => {
  it('gives groups the same result as the model, atomically, and keeps them valid', () => {
    fc.assert(
      fc.property(groupModel, fc.array(groupCommand, { minLength: 1, maxLength: 8 }), (start, commands) => {
        const before = groupResource(start);
        const expected = run(start, commands, applyGroupCommand);
        const actual = engine(before, commands.map(groupOperation));
        if ('error' in expected) {
          expect(actual).toEqual({ error: expected.error });
          return;
        }
        if ('error' in actual) throw new Error(`engine failed with ${actual.error}, model did not`);
        const after = groupResource(expected.model);
        expect(actual.resource).toEqual(after);
        expect(actual.changed).toBe(JSON.stringify(after) !== JSON.stringify(before));
        assertSchemaValid(actual.resource, 'Group');
      }),
      { numRuns: 1500 },
    );
  });

  it('gives users the same result as the model, atomically, and keeps them valid', () => {
    fc.assert(
      fc.property(userModel, fc.array(userCommand, { minLength: 1, maxLength: 8 }), (start, commands) => {
        const before = userResource(start);
        const expected = run(start, commands, applyUserCommand);
        const actual = engine(before, commands.map(userOperation));
        if ('error' in expected) {
          expect(actual).toEqual({ error: expected.error });
          return;
        }
        if ('error' in actual) throw new Error(`engine failed with ${actual.error}, model did not`);
        const after = userResource(expected.model);
        expect(actual.resource).toEqual(after);
        expect(actual.changed).toBe(!isDeepStrictEqual(after, before));
        assertSchemaValid(actual.resource, 'User');
      }),
      { numRuns: 1500 },
    );
  });
});

function isDeepStrictEqual(left: unknown, right: unknown): boolean {
  return JSON.stringify(sortKeys(left)) === JSON.stringify(sortKeys(right));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}
