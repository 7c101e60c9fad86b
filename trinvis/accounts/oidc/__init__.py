"""Single sign-on through OpenID Connect (Microsoft Entra ID, ID-porten or a municipality's
broker, MitID Erhverv through NemLog-in), built on mozilla-django-oidc.

Configured by the TRINVIS_OIDC_* settings only; without a client id the login page shows no
button and both URLs answer 404. The provider's endpoints come from its discovery document
(fetched on first use, kept for an hour) or are given one by one.

Who may log in stays Trinvis's decision: a person is matched by the provider's subject
(linked on their first SSO login) or else by e-mail address, and nobody unknown gets an
account unless TRINVIS_OIDC_CREATE_USERS says so. Memberships and roles are never read from
the token. A successful login counts as second-factor verified (the provider does its own
multi-factor check): the session carries SSO_SESSION_KEY.
"""
