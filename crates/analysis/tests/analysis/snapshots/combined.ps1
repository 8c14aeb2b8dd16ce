# GuestLens: the whole diagnosis as one PowerShell script.
# Needs the Microsoft Graph PowerShell SDK v2: Install-Module Microsoft.Graph -Scope CurrentUser
# (sign-in log steps also need Microsoft.Graph.Beta).
# Read-only steps run as they are. Steps that change something are commented out: read the
# output first, then remove the leading '# ' and the -WhatIf of a step to apply it.

# ==== find-address: Who holds this address? ====
# Who holds this address? (GuestLens recipe find-address)
# Run in the resource tenant (the one the guest signs in to), as Directory Readers or higher.
# Read-only.
Connect-MgGraph -Scopes 'User.Read.All', 'OrgContact.Read.All' -TenantId '0b5d2c1e-7f3a-4c9b-8e6d-2a1f3b4c5d6e'
# Every user that holds the address in any form, each listed once
$props = 'id', 'displayName', 'userPrincipalName', 'userType', 'mail', 'otherMails', 'proxyAddresses', 'creationType', 'externalUserState'
$userFilters = @(
    'mail eq ''alex@contoso.com'''
    'otherMails/any(m:m eq ''alex@contoso.com'')'
    'proxyAddresses/any(p:p eq ''smtp:alex@contoso.com'')'
    'proxyAddresses/any(p:p eq ''SMTP:alex@contoso.com'')'
    'userPrincipalName eq ''alex@contoso.com'''
    'startsWith(userPrincipalName,''alex_contoso.com#EXT#@'')'
)
$users = $userFilters | ForEach-Object { Get-MgUser -Filter $_ -Property $props -All } | Sort-Object Id -Unique
$users | Format-List Id, DisplayName, UserPrincipalName, UserType, Mail, OtherMails, ProxyAddresses, CreationType, ExternalUserState
# Org contacts that hold it (contacts block invitations to the same address)
$contactFilters = @(
    'mail eq ''alex@contoso.com'''
    'proxyAddresses/any(p:p eq ''smtp:alex@contoso.com'')'
    'proxyAddresses/any(p:p eq ''SMTP:alex@contoso.com'')'
)
$contacts = $contactFilters | ForEach-Object { Get-MgContact -Filter $_ -ConsistencyLevel eventual -CountVariable n -All -Property 'id', 'displayName', 'mail', 'proxyAddresses' } | Sort-Object Id -Unique
$contacts | Format-List Id, DisplayName, Mail, ProxyAddresses

# ==== reset-redemption: Reset the guest's redemption ====
# Left out, because:
#   Object ID is needed: the guest object's ID in the resource tenant (guest-state shows it)

# ==== resend-invite: Resend the invitation ====
# Resend the invitation (GuestLens recipe resend-invite)
# Run in the resource tenant (the one the guest signs in to), as Guest Inviter or higher.
# Sends a new invitation email; if no guest holds the address yet, it creates one.
# Commands that change something carry -WhatIf, which only shows what they would do: run the checks, then remove -WhatIf.
Connect-MgGraph -Scopes 'User.Read.All', 'User.Invite.All' -TenantId '0b5d2c1e-7f3a-4c9b-8e6d-2a1f3b4c5d6e'
# Check first: the guest that has this address now, and whether it has redeemed
Get-MgUser -Filter 'mail eq ''alex@contoso.com''' -Property 'id', 'userPrincipalName', 'userType', 'externalUserState', 'externalUserStateChangeDateTime' -All | Format-List Id, UserPrincipalName, UserType, ExternalUserState, ExternalUserStateChangeDateTime
# Invite again; the answer carries the redemption link
# Changes something: remove '# ' and -WhatIf to run.
# $invitation = New-MgInvitation -InvitedUserEmailAddress 'alex@contoso.com' -InviteRedirectUrl 'https://myapps.microsoft.com/?tenantid=0b5d2c1e-7f3a-4c9b-8e6d-2a1f3b4c5d6e' -SendInvitationMessage -WhatIf
$invitation.InviteRedeemUrl

# ==== guest-state: Guest account state ====
# Guest account state (GuestLens recipe guest-state)
# Run in the resource tenant (the one the guest signs in to), as Directory Readers or higher.
# Read-only.
Connect-MgGraph -Scopes 'User.Read.All' -TenantId '0b5d2c1e-7f3a-4c9b-8e6d-2a1f3b4c5d6e'
$props = 'id', 'displayName', 'userPrincipalName', 'userType', 'accountEnabled', 'externalUserState', 'externalUserStateChangeDateTime', 'creationType', 'identities', 'mail', 'otherMails', 'proxyAddresses', 'createdDateTime'
$user = Get-MgUser -Filter 'userPrincipalName eq ''alex_contoso.com#EXT#@fabrikam.onmicrosoft.com''' -Property $props -All
$user | Format-List Id, DisplayName, UserPrincipalName, UserType, AccountEnabled, ExternalUserState, ExternalUserStateChangeDateTime, CreationType, Mail, OtherMails, ProxyAddresses, CreatedDateTime
$user.Identities | Format-Table SignInType, Issuer, IssuerAssignedId

# ==== signin-logs: Sign-in logs for this failure ====
# Sign-in logs for this failure (GuestLens recipe signin-logs)
# Run in the resource tenant (the one the guest signs in to), as Reports Reader or higher.
# Read-only.
Connect-MgGraph -Scopes 'AuditLog.Read.All' -TenantId '0b5d2c1e-7f3a-4c9b-8e6d-2a1f3b4c5d6e'
# Needs the beta module for the cross-tenant fields: Install-Module Microsoft.Graph.Beta -Scope CurrentUser
$fields = 'CreatedDateTime', 'CorrelationId', 'UserPrincipalName', 'AppDisplayName', 'AppId',
    @{ n = 'ErrorCode'; e = { $_.Status.ErrorCode } }, @{ n = 'Reason'; e = { $_.Status.FailureReason } },
    'CrossTenantAccessType', 'HomeTenantId', 'HomeTenantName', 'ResourceTenantId', 'UserType', 'IsTenantRestricted'
# By correlation ID
Get-MgBetaAuditLogSignIn -Filter 'correlationId eq ''c0ffee00-1234-4abc-9def-0123456789ab''' -Top 50 | Select-Object -Property $fields
# By error code 50020
Get-MgBetaAuditLogSignIn -Filter 'status/errorCode eq 50020 and appId eq ''1fec8e78-bce4-4aaf-ab1b-5451cc387264''' -Top 50 | Select-Object -Property $fields
# This guest's recent sign-ins that failed
Get-MgBetaAuditLogSignIn -Filter 'userPrincipalName eq ''alex@contoso.com''' -Top 50 | Where-Object { $_.Status.ErrorCode -ne 0 } | Select-Object -Property $fields
