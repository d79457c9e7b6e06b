"""The self-signed certificate ``serve --lan`` offers HTTPS with: phones let a page use the
microphone only when it is secure (HTTPS, or this computer itself).

Made with ``cryptography`` (already installed: pdfminer.six needs it) rather than an ``openssl``
subprocess, which Windows lacks. It is kept in the user cache and made again only when it
expires or this computer's address changes, so a phone that was told to trust it once is not
asked again at every rehearsal.
"""

from __future__ import annotations

import datetime
import ipaddress
import ssl
from pathlib import Path

from ..files.atomic import write_bytes

DAYS = 365
_RENEW = datetime.timedelta(days=7)


def certificate(folder: Path, address: str) -> tuple[Path, Path]:
    """The certificate and key files (PEM) for ``address`` in ``folder``, made if need be."""
    cert, key = folder / "serve-cert.pem", folder / "serve-key.pem"
    if not _usable(cert, key, address):
        folder.mkdir(parents=True, exist_ok=True)
        cert_pem, key_pem = _make(address)
        write_bytes(key, key_pem)
        key.chmod(0o600)
        write_bytes(cert, cert_pem)
    return cert, key


def tls_context(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(cert, key)
    return context


def _usable(cert: Path, key: Path, address: str) -> bool:
    from cryptography import x509

    try:
        found = x509.load_pem_x509_certificate(cert.read_bytes())
        if not key.is_file():
            return False
        names = found.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except (OSError, ValueError, x509.ExtensionNotFound):
        return False
    now = datetime.datetime.now(datetime.UTC)
    return (found.not_valid_after_utc - now > _RENEW
            and ipaddress.ip_address(address) in names.get_values_for_type(x509.IPAddress))


def _make(address: str) -> tuple[bytes, bytes]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"stagecast serve {address}")])
    now = datetime.datetime.now(datetime.UTC)
    addresses = {ipaddress.ip_address(address), ipaddress.ip_address("127.0.0.1")}
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=DAYS))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                        *(x509.IPAddress(a) for a in sorted(addresses, key=str))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    return (cert.public_bytes(serialization.Encoding.PEM),
            key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption()))
