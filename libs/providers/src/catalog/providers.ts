import type { ProviderId } from './provider-id';

/** One identity provider as the portal presents it: what it is and how an IT admin connects it. */
export interface ProviderDefinition {
  readonly id: ProviderId;
  readonly name: string;
  readonly description: string;
  /**
   * Plain-text steps in the provider's admin console. "Endpoint URL" and "Bearer token" are the two values
   * the portal shows next to these steps for the directory being connected.
   */
  readonly setupSteps: readonly string[];
  /** Behaviour worth knowing before going live (what the provider never sends, delays, limits). */
  readonly caveats: readonly string[];
  readonly docsUrl?: string;
}

// Steps and caveats come from /work/shared/protocol/identity-providers.md and the vendor pages it cites;
// where the notes mark a fact as inferred, the wording here stays as cautious as the notes.
export const PROVIDERS: readonly ProviderDefinition[] = [
  {
    id: 'jumpcloud',
    name: 'JumpCloud',
    description:
      'JumpCloud provisions users and groups from a custom SSO application through its Identity Management (Provisioning) connector, using SCIM 2.0.',
    setupSteps: [
      'In the JumpCloud Admin Portal, open SSO Applications and add a new application: choose Custom Application (or open the custom application you already use for SSO).',
      'Enable "Export users to this app (Identity Management)" and save, then open the application\'s Identity Management tab (named Provisioning since April 2026).',
      'Choose SCIM API as the API type and SCIM 2.0 as the version.',
      'In Base URL, paste the Endpoint URL exactly as shown, without a trailing slash: JumpCloud appends /Users and /Groups itself and a trailing "/" breaks the integration.',
      'In Token Key, paste the Bearer token. If the form also offers an HTTP header, set it to "Authorization: Bearer" followed by the same token.',
      'In Test User Email, enter an email address that does not exist in this directory yet. The test creates, updates and deletes a real user with it; an address that already exists makes the test fail with a conflict.',
      'To sync groups, check "Enable management of User Groups and Group Membership in this application".',
      'Click Test Connection, then Activate, and save. Every later save of these settings asks for a Test User Email again and re-runs the test.',
      'Bind user groups to the application (its User Groups tab). Only members of bound groups are provisioned; a group is created here once it has at least one provisioned member, and an existing group with the same name is taken over instead of duplicated.',
    ],
    caveats: [
      'User updates arrive as full PUT requests; a suspended user or a user whose password expired arrives as active=false.',
      'Unbinding a group removes its members and deactivates users who are in no other bound group, but leaves the group here, empty. Deleting the group in JumpCloud deletes it here.',
      'JumpCloud sends no custom attributes, and changes are delivered from a background queue, so they can lag behind the JumpCloud console.',
      'The "Sync password" option is accepted but passwords are discarded: scimflow never stores them.',
    ],
    docsUrl:
      'https://jumpcloud.com/support/provision-and-manage-users-and-groups-in-apps-using-custom-scim-identity-management-integration',
  },
  {
    id: 'okta',
    name: 'Okta',
    description:
      'Okta provisions users through the SCIM 2.0 connector of an app integration and pushes groups with Push Groups.',
    setupSteps: [
      'In the Okta Admin Console, go to Applications > Applications and open your app integration (or create one with Create App Integration, SAML 2.0 or OIDC).',
      'On the General tab, edit App Settings, set Provisioning to SCIM and save. A Provisioning tab appears.',
      'On Provisioning > Integration, click Edit and set SCIM connector base URL to the Endpoint URL.',
      'Set Unique identifier field for users to userName.',
      'Under Supported provisioning actions, select Push New Users, Push Profile Updates and Push Groups (and Import New Users and Profile Updates if you want imports).',
      'Set Authentication Mode to HTTP Header and paste the Bearer token in Authorization.',
      'Click Test Connector Configuration, then Save.',
      'On Provisioning > To App, click Edit and enable Create Users, Update User Attributes and Deactivate Users, then save. Sync Password can stay off: passwords are discarded.',
      'On the Assignments tab, assign the people or groups to provision.',
      'On the Push Groups tab, push the groups whose membership should be synced (by name or by rule).',
    ],
    caveats: [
      'Okta never deletes users: removing or deactivating a user in Okta sends active=false.',
      'Groups and memberships sync only for pushed groups. Unlinking a pushed group with "Delete the group in the target app" deletes it here.',
      'Okta re-sends the group name with every membership update; scimflow emits directory.group.updated only when the name really changed.',
    ],
    docsUrl: 'https://developer.okta.com/docs/reference/scim/scim-20/',
  },
  {
    id: 'entra-id',
    name: 'Microsoft Entra ID',
    description:
      'Microsoft Entra ID (formerly Azure AD) provisions users and groups from an enterprise application with automatic provisioning over SCIM 2.0.',
    setupSteps: [
      'In the Microsoft Entra admin center, go to Identity > Applications > Enterprise applications and select New application > Create your own application.',
      'Name it, choose "Integrate any other application you don\'t find in the gallery (Non-gallery)" and click Create.',
      'In the application, open Provisioning and click New configuration (or Get started), with Provisioning Mode set to Automatic.',
      "In Tenant URL, paste the Endpoint URL. You may append ?aadOptscim062020 for Microsoft's SCIM-compliant PATCH behaviour; scimflow accepts both behaviours.",
      'In Secret Token, paste the Bearer token.',
      'Click Test Connection. Entra looks up a random user and group that do not exist; scimflow answers with empty lists. Then save (Create).',
      'Under Mappings, review "Provision Microsoft Entra ID Users" (userName comes from userPrincipalName by default) and "Provision Microsoft Entra ID Groups"; disable the groups mapping if you do not want groups.',
      'Under Users and groups, assign the users and groups to provision, and keep Scope on "Sync only assigned users and groups".',
      'Set Provisioning Status to On and save. Use Provision on demand to try a single user right away.',
    ],
    caveats: [
      'Entra provisions in cycles of about 40 minutes, so changes are not immediate.',
      'User updates, deactivations and membership changes all arrive as PATCH requests; a user removed from the app is first deactivated, and deleted later.',
    ],
    docsUrl:
      'https://learn.microsoft.com/en-us/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups',
  },
  {
    id: 'google-workspace',
    name: 'Google Workspace',
    description:
      "Google Workspace has no generic outbound SCIM for custom applications: its automatic provisioning only targets apps from Google's catalog, each with a fixed endpoint.",
    setupSteps: [
      'Be aware first: Google offers automatic user provisioning only for apps in its catalog, and a custom SAML app cannot be given a SCIM endpoint. There is no supported way to point Google Workspace at scimflow directly.',
      'Recommended: provision through an identity provider that speaks SCIM (Okta, Microsoft Entra ID, JumpCloud, OneLogin) with Google Workspace as its user source, and connect that provider here instead.',
      'Workaround some vendors document (Ory, for example, uses the "Keeper Web (SAML)" catalog app): in the Google Admin console, go to Apps > Web and mobile apps > Add app > Search for apps, and add a catalog app whose auto-provisioning lets you enter your own endpoint URL and token.',
      "Finish that app's SAML setup, then open it, open Auto-provisioning, and enter the Endpoint URL and the Bearer token where the app asks for its SCIM endpoint and token.",
      'Map the attributes (at least the primary email to userName), choose the provisioning scope (a group or organizational units) and turn auto-provisioning on.',
    ],
    caveats: [
      'The catalog-app workaround is not supported by Google for this purpose and may stop working when Google changes that app.',
      "Google's auto-provisioning for such apps syncs users only, not groups.",
      'scimflow only receives SCIM: it does not poll the Google Admin SDK Directory API.',
    ],
    docsUrl: 'https://support.google.com/a/topic/6400789',
  },
  {
    id: 'onelogin',
    name: 'OneLogin',
    description:
      'OneLogin provisions users (and, optionally, groups) through its "SCIM Provisioner with SAML" application connectors, driven by an admin-written JSON template.',
    setupSteps: [
      'In OneLogin, go to Applications > Applications > Add App, search for "SCIM Provisioner with SAML" and pick the SCIM v2 Enterprise (or SCIM v2 Core) connector. Save.',
      'On the Configuration tab, set SCIM Base URL to the Endpoint URL and SCIM Bearer Token to the Bearer token.',
      'Keep or edit the SCIM JSON Template. Templates using the SCIM 1.1 schema (urn:scim:schemas:core:1.0) or an emails object instead of a list are accepted.',
      'Under API Connection, click Enable: OneLogin checks the connection by looking up a user that does not exist. Save.',
      'On the Provisioning tab, check Enable provisioning, choose whether Create, Delete and Update need admin approval, and choose what happens when users are deleted in OneLogin (Delete, Suspend or Do nothing). Save.',
      'On the Parameters tab, check that scimusername holds the value you want as userName; to sync groups, include the Groups parameter in user provisioning.',
      "Give users access to the application through a role (Users > the user > Applications, or the app's Access tab) to start provisioning.",
    ],
    caveats: [
      'With admin approval enabled, nothing reaches scimflow until each task is approved under Users > Provisioning.',
      'Whether a deleted OneLogin user is deleted or deactivated here depends on the Provisioning tab setting.',
    ],
    docsUrl: 'https://developers.onelogin.com/scim',
  },
  {
    id: 'pingone',
    name: 'PingOne',
    description:
      'PingOne provisions users and groups through an outbound SCIM provisioning connection and a provisioning rule.',
    setupSteps: [
      'In the PingOne admin console, go to Integrations > Provisioning, click + and choose New Connection.',
      'Choose Identity Store, locate the SCIM Outbound tile and click Select. Enter a name and click Next.',
      'In Authentication, set SCIM Base URL to the Endpoint URL, Users Resource to /Users (and the groups resource to /Groups), and SCIM Version to 2.0.',
      'Set Authentication Method to OAuth 2 Bearer Token, paste the Bearer token as the access token, and keep the authorization header type Bearer.',
      'Click Test Connection, then Next. Under preferences, allow users to be created, updated and disabled (and deleted if you want), and choose the remove action (Disable or Delete). Save.',
      'Enable the connection with its toggle.',
      'Create a rule: Integrations > Provisioning > + > New Rule, select PingOne as the source and this connection as the target, set the user filter and attribute mapping (userName at least) and group provisioning if needed, then enable the rule.',
    ],
    caveats: [
      'No PingOne traffic has been captured for scimflow yet: it is treated as a standard SCIM 2.0 client.',
    ],
    docsUrl: 'https://docs.pingidentity.com/r/en-us/pingone/pingone_create_provisioning_connection',
  },
  {
    id: 'generic-scim',
    name: 'Other SCIM 2.0 client',
    description:
      'Any client that follows RFC 7643/7644: custom scripts, HR systems, other identity providers.',
    setupSteps: [
      'In the client, configure SCIM 2.0 with the Endpoint URL as base URL; it appends /Users and /Groups.',
      'Authenticate every request with the header "Authorization: Bearer" followed by the Bearer token.',
      'Send application/scim+json or application/json request bodies; responses are application/scim+json.',
      'Look users up with filter=userName eq "..." before creating them, and groups with filter=displayName eq "...".',
      'Update users with PUT (full replace) or PATCH, deactivate with active=false, and manage members with PATCH add/remove on members or PUT of the full list.',
    ],
    caveats: [
      'Requests are accepted in every RFC form, and the known quirks of the listed providers are accepted too, so picking this entry for one of them still works.',
    ],
    docsUrl: 'https://datatracker.ietf.org/doc/html/rfc7644',
  },
];

const PROVIDERS_BY_ID: ReadonlyMap<ProviderId, ProviderDefinition> = new Map(
  PROVIDERS.map((provider) => [provider.id, provider]),
);

/** The catalog entry of a provider. */
export function getProvider(id: ProviderId): ProviderDefinition {
  const provider = PROVIDERS_BY_ID.get(id);
  if (!provider) throw new Error(`Unknown identity provider "${String(id)}"`);
  return provider;
}
