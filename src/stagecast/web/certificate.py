"""The certificates ``serve --lan`` offers HTTPS with: phones let a page use the microphone, and
keep it for offline use, only when it is secure (HTTPS they trust, or this computer itself).

A phone trusts a certificate authority, not a server's certificate: Android installs only CA
certificates as trusted, and iOS's Certificate Trust Settings list only root certificates; and
a page whose certificate was merely clicked past gets no service worker (so it neither installs
nor works offline). So, as mkcert does, stagecast makes a small authority once per user, kept in
the user cache, and signs with it the server's own certificate for this computer's address. The
server's certificate is made again when the address changes or it nears its end; the authority
is kept, so a phone that trusted it once is never asked again. The authority may sign only for
private network addresses and ``localhost`` (its name constraints, which Chromium and OpenSSL
enforce): were its key ever stolen, it could not vouch for anyone else's site.

Made with ``cryptography`` (already installed: pdfminer.six needs it) rather than an ``openssl``
subprocess, which Windows lacks.
"""

from __future__ import annotations

import datetime
import getpass
import ipaddress
import os
import socket
import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..files.atomic import discard, temp_path, write_bytes

DAYS = 365
"""The server certificate's life: within the 397 days Apple allows a TLS server certificate."""
AUTHORITY_DAYS = 20 * 365
_RENEW = datetime.timedelta(days=7)
DOWNLOAD = "stagecast-ca.crt"
"""The authority's certificate (DER) under ``/_stagecast/``, as phones install it."""
DOWNLOAD_PEM = "stagecast-ca.pem"
"""The same in PEM, which some desktop tools ask for."""
PRIVATE = tuple(ipaddress.ip_network(n) for n in (
    "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8", "169.254.0.0/16",
    "fc00::/7", "fe80::/10", "::1/128"))
"""The addresses the authority may vouch for: private networks (RFC 1918 and 4193), link-local
ones, and this computer."""


@dataclass(frozen=True)
class Certificates:
    chain: Path
    """The server's certificate followed by the authority's (PEM): what the server presents."""
    key: Path
    authority: Path
    """The authority's certificate (PEM), which a phone is told to trust."""

    def authority_der(self) -> bytes:
        from cryptography import x509
        from cryptography.hazmat.primitives import serialization

        return x509.load_pem_x509_certificate(self.authority.read_bytes()).public_bytes(serialization.Encoding.DER)


def certificate(folder: Path, address: str) -> Certificates:
    """The certificates for serving at ``address`` from ``folder``, made if need be: the
    authority once (or when it nears its end), the server's when the address changes or it nears
    its end. A server certificate an older stagecast made (self-signed) is replaced. An address
    the authority may not vouch for (:func:`covers`) is left out: this computer alone can then
    use the certificate."""
    found = Certificates(folder / "serve-cert.pem", folder / "serve-key.pem", folder / "stagecast-ca.pem")
    authority_key = folder / "stagecast-ca-key.pem"
    authority = _load(found.authority, authority_key, DAYS)
    if authority is None:
        folder.mkdir(parents=True, exist_ok=True)
        authority = _make_authority()
        _write_private(authority_key, _pem_key(authority[1]))
        write_bytes(found.authority, _pem(authority[0]))
    addresses = _addresses(address)
    if not _usable(found, authority[0], addresses):
        server_cert, server_key = _make_server(addresses, *authority)
        _write_private(found.key, _pem_key(server_key))
        write_bytes(found.chain, _pem(server_cert) + _pem(authority[0]))
    for key in (authority_key, found.key):
        _lock(key)
    return found


def covers(address: str) -> bool:
    """Whether the authority may vouch for ``address`` (phones refuse a certificate for any other)."""
    ip = ipaddress.ip_address(address)
    return any(ip in network for network in PRIVATE if network.version == ip.version)


def _addresses(address: str) -> list[Any]:
    """The addresses the server's certificate names: ``address`` if the authority may vouch for it,
    and this computer's own."""
    found = {ipaddress.ip_address("127.0.0.1"), *([ipaddress.ip_address(address)] if covers(address) else [])}
    return sorted(found, key=str)


def tls_context(chain: Path, key: Path) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(chain, key)
    return context


def _load(cert: Path, key: Path, days_left: int) -> tuple[Any, Any] | None:
    """The certificate and key kept in these files, if both are there, belong together and the
    certificate has more than ``days_left`` days to go."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    try:
        found = x509.load_pem_x509_certificate(cert.read_bytes())
        private = serialization.load_pem_private_key(key.read_bytes(), password=None)
    except (OSError, ValueError, TypeError):
        return None
    left = found.not_valid_after_utc - datetime.datetime.now(datetime.UTC)
    if private.public_key() != found.public_key() or left < datetime.timedelta(days=days_left):
        return None
    return found, private


def _usable(found: Certificates, authority: Any, addresses: list[Any]) -> bool:
    """The server certificate is this authority's, for these addresses, and not near its end."""
    from cryptography import x509
    from cryptography.exceptions import InvalidSignature

    kept = _load(found.chain, found.key, _RENEW.days)
    if kept is None:
        return False
    try:
        kept[0].verify_directly_issued_by(authority)
        names = kept[0].extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except (ValueError, TypeError, InvalidSignature, x509.ExtensionNotFound):
        return False  # an older stagecast's self-signed certificate, or another authority's
    return sorted(names.get_values_for_type(x509.IPAddress), key=str) == addresses


def _make_authority() -> tuple[Any, Any]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    # The name a phone lists it under: whose computer it vouches for.
    name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "stagecast"),
                      x509.NameAttribute(NameOID.COMMON_NAME, f"stagecast serve: {_owner()}"[:64])])
    now = datetime.datetime.now(datetime.UTC)
    permitted = [x509.DNSName("localhost"), *(x509.IPAddress(network) for network in PRIVATE)]
    public = key.public_key()
    cert = (_builder(name, name, public, now, now + datetime.timedelta(days=AUTHORITY_DAYS))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(_key_usage(cert_sign=True), critical=True)
            .add_extension(x509.NameConstraints(permitted_subtrees=permitted, excluded_subtrees=None), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
            .sign(key, hashes.SHA256()))
    return cert, key


def _make_server(addresses: list[Any], authority: Any, authority_key: Any) -> tuple[Any, Any]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "stagecast serve " + " ".join(map(str, addresses)))])
    now = datetime.datetime.now(datetime.UTC)
    names = [x509.DNSName("localhost"), *(x509.IPAddress(a) for a in addresses)]
    until = min(now + datetime.timedelta(days=DAYS), authority.not_valid_after_utc)
    cert = (_builder(name, authority.subject, key.public_key(), now, until)
            .add_extension(x509.SubjectAlternativeName(names), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_key_usage(cert_sign=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(authority.public_key()), critical=False)
            .sign(authority_key, hashes.SHA256()))
    return cert, key


def _builder(subject: Any, issuer: Any, public: Any, start: datetime.datetime, end: datetime.datetime) -> Any:
    from cryptography import x509

    return (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(public)
            .serial_number(x509.random_serial_number())
            .not_valid_before(start - datetime.timedelta(minutes=5)).not_valid_after(end))


def _key_usage(*, cert_sign: bool) -> Any:
    from cryptography import x509

    return x509.KeyUsage(digital_signature=not cert_sign, content_commitment=False, key_encipherment=False,
                         data_encipherment=False, key_agreement=False, key_cert_sign=cert_sign,
                         crl_sign=cert_sign, encipher_only=False, decipher_only=False)


def _owner() -> str:
    try:
        user = getpass.getuser()
    except (OSError, KeyError):
        user = "user"
    return f"{user}@{socket.gethostname()}"


def _pem(cert: Any) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return cert.public_bytes(serialization.Encoding.PEM)


def _pem_key(key: Any) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _lock(key: Path) -> None:
    """A kept key others could read (a cache copied or restored under another umask) is made
    this user's alone again; the key is kept, so the phones that trust the authority still do.
    Where the mode cannot be changed (a read-only cache) the key is used as it is."""
    try:
        if key.stat().st_mode & 0o077:
            os.chmod(key, 0o600)
    except OSError:
        pass


def _write_private(path: Path, data: bytes) -> None:
    """Like :func:`write_bytes`, the file readable by this user alone from the start (a key
    written first and locked after could be read in between)."""
    temp = temp_path(path)
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o600)  # a key file's mode, whatever the umask
        os.replace(temp, path)
    finally:
        discard(temp)
