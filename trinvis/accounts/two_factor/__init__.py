"""Two-factor login: a code from an authenticator app (TOTP) after the password.

Who must use it (`policy`): platform administrators (superusers and staff), and everyone with
an active membership in an organisation that requires it or in an organisation below one that
does (a municipality's requirement covers its units and teams; a facilitator at the agency is
covered only by the agency's own). Anyone else may turn it on for themselves, and once they
have, they give a code at every login too. A session from single sign-on (the identity
provider did its own checks) counts as verified.

The devices are django-otp's: one TOTP device (the app) and one static device holding the
ten one-time recovery codes.
"""
