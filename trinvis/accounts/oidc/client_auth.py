"""Trinvis proving who it is at the provider's token endpoint with a signed assertion
instead of a shared secret: `private_key_jwt` (OpenID Connect Core 9, RFC 7523), which
ID-porten offers and the NemLog-in brokers ask for.

The private key stays with Trinvis (TRINVIS_OIDC_PRIVATE_KEY_FILE, PEM); the provider knows
its public half, registered there once (`manage.py sso_public_key` prints it as a JWK). Each
token request carries a fresh assertion, valid for a minute, with an id of its own so the
provider can refuse a replay.
"""

import secrets
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

PRIVATE_KEY_JWT = "private_key_jwt"
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
ASSERTION_SECONDS = 60
# The signing algorithm by the key: RSA keys sign RS256, elliptic-curve keys by their curve.
EC_ALGORITHMS = {"secp256r1": "ES256", "secp384r1": "ES384", "secp521r1": "ES512"}

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


@lru_cache(maxsize=4)
def _load(path: str, modified: float) -> PrivateKey:
    key = load_pem_private_key(Path(path).read_bytes(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise ValueError("The single sign-on key must be an RSA or elliptic-curve key.")
    if isinstance(key, ec.EllipticCurvePrivateKey) and key.curve.name not in EC_ALGORITHMS:
        raise ValueError(f"The single sign-on key's curve {key.curve.name} is not supported.")
    return key


def private_key(path: str) -> PrivateKey:
    """The key in the PEM file (read again when the file changes, as when a key is rolled
    over). ValueError for a file that holds no usable key, OSError for one not there."""
    return _load(path, Path(path).stat().st_mtime)


def algorithm_of(key: PrivateKey) -> str:
    if isinstance(key, rsa.RSAPrivateKey):
        return "RS256"
    return EC_ALGORITHMS[key.curve.name]


def client_assertion(*, client_id: str, audience: str, key_path: str, key_id: str) -> str:
    """A signed assertion that this request comes from the client `client_id`."""
    key = private_key(key_path)
    issued = int(time.time())
    claims = {
        "iss": client_id,
        "sub": client_id,
        "aud": audience,
        "jti": secrets.token_urlsafe(24),
        "iat": issued,
        "exp": issued + ASSERTION_SECONDS,
    }
    headers = {"kid": key_id} if key_id else None
    return jwt.encode(claims, key, algorithm=algorithm_of(key), headers=headers)


def public_jwk(*, key_path: str, key_id: str) -> dict[str, Any]:
    """The public half of the key as a JWK, to register at the provider."""
    key = private_key(key_path)
    algorithm = algorithm_of(key)
    if isinstance(key, rsa.RSAPrivateKey):
        jwk: dict[str, Any] = RSAAlgorithm.to_jwk(key.public_key(), as_dict=True)
    else:
        jwk = ECAlgorithm.to_jwk(key.public_key(), as_dict=True)
    return {**jwk, **({"kid": key_id} if key_id else {}), "alg": algorithm, "use": "sig"}
