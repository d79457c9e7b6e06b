"""Issue 22, item 5: ``serve --lan``'s certificate authority, which a phone trusts once so that
the page it serves can install and work offline. The chain the server presents verifies with
Python's ssl against the authority alone, by the LAN address and by 127.0.0.1; the authority is
what Android and iOS take as a trust anchor, limited to private addresses; it is kept when the
server's certificate is made again; it is offered for download. (Chromium trusting it and then
keeping the page: tests/test_page_offline.py.)

The served tests set the server up as ``serve --lan`` does, with 127.0.0.2 standing for the
LAN address: a loopback address like 127.0.0.1, so the test needs no network, yet a second
address the certificate must name (this machine's own LAN address may be a public one)."""

from __future__ import annotations

import datetime
import http.client
import ipaddress
import socket
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from stagecast.cli.commands.serve import _secure
from stagecast.files.user_cache import cache_root
from stagecast.web import certificate as certificates
from stagecast.web.certificate import certificate, covers, tls_context
from stagecast.web.server import StagecastServer, make_server

LAN = "127.0.0.2"
PAGE = b"<!doctype html><title>Rehearsal</title>\n"


def _served(folder: Path, host: str = LAN) -> tuple[StagecastServer, list[str]]:
    (folder / "index.html").write_bytes(PAGE)
    server = make_server(folder, "0.0.0.0", 0)  # noqa: S104 - as serve --lan listens
    notes = _secure(server, host)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, notes


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[StagecastServer, list[str]]]:
    server, notes = _served(tmp_path)
    yield server, notes
    server.shutdown()
    server.server_close()


def _get(context: ssl.SSLContext, address: str, port: int, path: str = "/") -> tuple[int, dict[str, str], bytes]:
    """GET ``path`` at ``address``, checking the certificate names ``address`` as a browser does."""
    with socket.create_connection((address, port), timeout=10) as raw, \
            context.wrap_socket(raw, server_hostname=address) as tls:
        tls.sendall(f"GET {path} HTTP/1.1\r\nHost: {address}:{port}\r\nConnection: close\r\n\r\n".encode())
        answer = http.client.HTTPResponse(tls)  # type: ignore[arg-type]
        answer.begin()
        return answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read()


def _trusting(authority: Path) -> ssl.SSLContext:
    """A client context that trusts the authority and nothing else."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # check_hostname and CERT_REQUIRED
    context.load_verify_locations(cafile=str(authority))
    return context


def test_the_served_chain_verifies_against_the_authority_alone_by_address_and_127_0_0_1(served) -> None:
    server, _ = served
    port = server.server_address[1]
    authority = cache_root() / "stagecast-ca.pem"
    for address in (LAN, "127.0.0.1"):
        status, _, body = _get(_trusting(authority), address, port)
        assert (status, body) == (200, PAGE)
    # The same with the system's authorities instead: nobody else vouches for it. (The server
    # presents its certificate and the authority's: with its own alone, OpenSSL would say
    # "unable to get local issuer certificate".)
    with pytest.raises(ssl.SSLCertVerificationError, match="self-signed certificate in certificate chain"):
        _get(ssl.create_default_context(), LAN, port)


def test_the_authority_downloads_as_a_ca_certificate_in_der_and_pem(served) -> None:
    server, notes = served
    port = server.server_address[1]
    pem = (cache_root() / "stagecast-ca.pem").read_bytes()
    der = x509.load_pem_x509_certificate(pem).public_bytes(serialization.Encoding.DER)
    unchecked = ssl._create_unverified_context()  # noqa: S323 - a phone that has not trusted it yet
    status, headers, body = _get(unchecked, LAN, port, "/_stagecast/stagecast-ca.crt")
    assert (status, headers["content-type"], body) == (200, "application/x-x509-ca-cert", der)
    assert headers["content-disposition"] == 'attachment; filename="stagecast-ca.crt"'
    status, headers, body = _get(unchecked, LAN, port, "/_stagecast/stagecast-ca.pem")
    assert (status, headers["content-type"], body) == (200, "application/x-pem-file", pem)
    # What was downloaded is all a phone needs to trust the page.
    downloaded = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    downloaded.load_verify_locations(cadata=der)
    assert _get(downloaded, LAN, port)[2] == PAGE
    assert notes[0].endswith(f"from https://{LAN}:{port}/_stagecast/stagecast-ca.crt "
                             "(docs/build.md, on a phone's home screen)")


def test_without_lan_no_authority_is_offered(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_bytes(PAGE)
    server = make_server(tmp_path, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
        connection.request("GET", "/_stagecast/stagecast-ca.crt")
        assert connection.getresponse().status == 404
    finally:
        server.shutdown()
        server.server_close()


def _extension(cert: x509.Certificate, kind: type) -> x509.Extension:
    return cert.extensions.get_extension_for_class(kind)


def test_the_authority_is_a_root_limited_to_private_addresses_and_localhost(tmp_path: Path) -> None:
    made = certificate(tmp_path, "192.168.1.20")
    ca = x509.load_pem_x509_certificate(made.authority.read_bytes())
    assert ca.subject == ca.issuer and ca.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value.startswith(
        "stagecast serve: ")
    ca.verify_directly_issued_by(ca)
    basic = _extension(ca, x509.BasicConstraints)
    assert basic.critical and (basic.value.ca, basic.value.path_length) == (True, 0)
    usage = _extension(ca, x509.KeyUsage)
    assert usage.critical and usage.value.key_cert_sign and usage.value.crl_sign and not usage.value.digital_signature
    limits = _extension(ca, x509.NameConstraints)
    assert limits.critical and limits.value.excluded_subtrees is None
    assert set(limits.value.permitted_subtrees) == {x509.DNSName("localhost"), *(
        x509.IPAddress(ipaddress.ip_network(n)) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
                                                          "127.0.0.0/8", "169.254.0.0/16", "fc00::/7",
                                                          "fe80::/10", "::1/128"))}
    assert ca.not_valid_after_utc - ca.not_valid_before_utc > datetime.timedelta(days=10 * 365)
    assert (tmp_path / "stagecast-ca-key.pem").stat().st_mode & 0o777 == 0o600
    assert made.key.stat().st_mode & 0o777 == 0o600

    server, authority = x509.load_pem_x509_certificates(made.chain.read_bytes())
    assert authority == ca
    server.verify_directly_issued_by(ca)
    assert server.not_valid_after_utc - server.not_valid_before_utc <= datetime.timedelta(days=397)
    assert _extension(server, x509.BasicConstraints).value.ca is False
    assert list(_extension(server, x509.ExtendedKeyUsage).value) == [ExtendedKeyUsageOID.SERVER_AUTH]
    names = _extension(server, x509.SubjectAlternativeName).value
    assert names.get_values_for_type(x509.DNSName) == ["localhost"]
    assert {str(a) for a in names.get_values_for_type(x509.IPAddress)} == {"192.168.1.20", "127.0.0.1"}


def test_a_new_address_or_a_certificate_near_its_end_keeps_the_authority(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A phone that trusted the authority once is not asked again."""
    made = certificate(tmp_path, "192.168.1.20")
    authority, authority_key, first = (made.authority.read_bytes(), (tmp_path / "stagecast-ca-key.pem").read_bytes(),
                                       made.chain.read_bytes())
    assert certificate(tmp_path, "192.168.1.20").chain.read_bytes() == first
    again = certificate(tmp_path, "10.0.0.7")
    assert again.chain.read_bytes() != first and again.authority.read_bytes() == authority
    names = x509.load_pem_x509_certificate(again.chain.read_bytes()).extensions.get_extension_for_class(
        x509.SubjectAlternativeName).value
    assert {str(a) for a in names.get_values_for_type(x509.IPAddress)} == {"10.0.0.7", "127.0.0.1"}
    # One made with less than a week to go is made again at the next start.
    monkeypatch.setattr(certificates, "DAYS", 3)
    short = certificate(tmp_path, "192.168.1.20").chain.read_bytes()
    assert certificate(tmp_path, "192.168.1.20").chain.read_bytes() != short
    assert (made.authority.read_bytes(), (tmp_path / "stagecast-ca-key.pem").read_bytes()) == (authority, authority_key)


def test_a_kept_key_others_could_read_is_locked_again_and_kept(tmp_path: Path) -> None:
    # A cache copied or restored with another umask: the authority is the one phones trust, so
    # it is kept, and its key (and the server's) is made readable by this user alone again.
    made = certificate(tmp_path, "192.168.1.20")
    authority_key = tmp_path / "stagecast-ca-key.pem"
    kept = (made.authority.read_bytes(), authority_key.read_bytes(), made.chain.read_bytes())
    authority_key.chmod(0o644)
    made.key.chmod(0o640)
    again = certificate(tmp_path, "192.168.1.20")
    assert authority_key.stat().st_mode & 0o777 == 0o600
    assert again.key.stat().st_mode & 0o777 == 0o600
    assert (again.authority.read_bytes(), authority_key.read_bytes(), again.chain.read_bytes()) == kept


def _self_signed(address: str) -> tuple[bytes, bytes]:
    """A certificate as stagecast made before it had an authority: self-signed, CA:FALSE."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"stagecast serve {address}")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now)
            .not_valid_after(now + datetime.timedelta(days=365))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(address))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    return (cert.public_bytes(serialization.Encoding.PEM),
            key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption()))


def test_an_older_self_signed_certificate_in_the_cache_is_replaced(tmp_path: Path) -> None:
    old, old_key = _self_signed(LAN)
    (tmp_path / "serve-cert.pem").write_bytes(old)
    (tmp_path / "serve-key.pem").write_bytes(old_key)
    (tmp_path / "serve-key.pem").chmod(0o600)
    made = certificate(tmp_path, LAN)
    server, authority = x509.load_pem_x509_certificates(made.chain.read_bytes())
    assert authority == x509.load_pem_x509_certificate(made.authority.read_bytes())
    server.verify_directly_issued_by(authority)
    assert made.key.read_bytes() != old_key
    assert sorted(p.name for p in tmp_path.iterdir()) == ["serve-cert.pem", "serve-key.pem", "stagecast-ca-key.pem",
                                                          "stagecast-ca.pem"]


def test_a_public_address_is_left_out_and_warned_about(tmp_path: Path) -> None:
    server, notes = _served(tmp_path, "203.0.113.5")
    try:
        assert not covers("203.0.113.5") and covers("192.168.1.20") and covers("172.20.10.2")
        assert notes[-1] == ("warning: 203.0.113.5 is not a private network address (the authority vouches for "
                             "those alone): phones cannot open the page over HTTPS here, this computer can")
        authority = cache_root() / "stagecast-ca.pem"
        assert _get(_trusting(authority), "127.0.0.1", server.server_address[1])[2] == PAGE
    finally:
        server.shutdown()
        server.server_close()


def test_the_authority_cannot_vouch_for_a_public_address(tmp_path: Path) -> None:
    """Were its key stolen, a certificate made with it for someone else's site is refused (its
    name constraints; Chromium enforces them too: measured, see the report of issue 22)."""
    made = certificate(tmp_path, LAN)
    ca = x509.load_pem_x509_certificate(made.authority.read_bytes())
    ca_key = serialization.load_pem_private_key((tmp_path / "stagecast-ca-key.pem").read_bytes(), password=None)
    addresses = [ipaddress.ip_address("127.0.0.1"), ipaddress.ip_address("203.0.113.5")]
    forged, key = certificates._make_server(addresses, ca, ca_key)
    (tmp_path / "forged.pem").write_bytes(forged.public_bytes(serialization.Encoding.PEM) + made.authority.read_bytes())
    (tmp_path / "forged-key.pem").write_bytes(certificates._pem_key(key))
    (tmp_path / "index.html").write_bytes(PAGE)
    server = make_server(tmp_path, "127.0.0.1", 0)
    server.socket = tls_context(tmp_path / "forged.pem", tmp_path / "forged-key.pem").wrap_socket(
        server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with pytest.raises(ssl.SSLCertVerificationError, match="permitted subtree violation"):
            _get(_trusting(made.authority), "127.0.0.1", server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()
