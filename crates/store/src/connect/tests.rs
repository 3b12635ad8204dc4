//! TLS to the test server, over real connections. The server must have `ssl = on` (Debian's
//! PostgreSQL does, with the ssl-cert package's self-signed "snakeoil" certificate); where it
//! has not, these tests fail and say so. The server's certificate is read through the server
//! itself (`pg_read_file` of its `ssl_cert_file`), so that the tests verify the certificate
//! the server really presents, wherever the file lies.

use std::path::{Path, PathBuf};

use super::{take_tls_settings, SslMode};
use crate::db::params;
use crate::scratch::{postgres_url, with_parameter, ScratchSchema};
use crate::{connect_postgres, Store, StoreError};

/// The server's certificate, written to a file of its own for `sslrootcert`.
struct ServerCertificate {
    _dir: tempfile::TempDir,
    file: PathBuf,
    pem: Vec<u8>,
}

fn server_certificate() -> ServerCertificate {
    let mut admin =
        connect_postgres(&with_parameter(&postgres_url(), "sslmode=disable")).expect("PostgreSQL");
    let ssl: String = admin.query_one("SHOW ssl", &[]).expect("SHOW ssl").get(0);
    assert_eq!(
        ssl, "on",
        "the test server at {} has ssl = off: the TLS tests need ssl = on (Debian's PostgreSQL turns it on with the ssl-cert package's certificate)",
        postgres_url()
    );
    let row = admin
        .query_one(
            "SELECT current_setting('ssl_cert_file'), pg_read_file(current_setting('ssl_cert_file'))",
            &[],
        )
        .expect("the server reads its own certificate (the test user must be a superuser)");
    let (path, pem): (String, String) = (row.get(0), row.get(1));
    let certificate = openssl::x509::X509::from_pem(pem.as_bytes())
        .unwrap_or_else(|e| panic!("the server's ssl_cert_file {path} is no PEM certificate: {e}"));
    assert_eq!(
        certificate.issuer_name().try_cmp(certificate.subject_name()).ok(),
        Some(std::cmp::Ordering::Equal),
        "the server's certificate ({path}) is not self-signed: these tests verify it as its own root"
    );
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("server.pem");
    std::fs::write(&file, &pem).expect("the certificate is written");
    ServerCertificate { _dir: dir, file, pem: pem.into_bytes() }
}

/// A name the server's certificate bears (its first DNS name, else its common name).
fn certificate_name(pem: &[u8]) -> String {
    let certificate = openssl::x509::X509::from_pem(pem).expect("a PEM certificate");
    let dns =
        certificate.subject_alt_names().into_iter().flatten().find_map(|n| n.dnsname().map(str::to_string));
    let common = || {
        let entry = certificate.subject_name().entries_by_nid(openssl::nid::Nid::COMMONNAME).next()?;
        entry.data().to_string().ok()
    };
    dns.or_else(common).expect("the server's certificate names a host")
}

/// The scratch schema's URL with `extra` query parameters.
fn url_with(schema: &ScratchSchema, extra: &str) -> String {
    format!("{}&{extra}", schema.url())
}

/// The host the test URL connects to.
fn test_host() -> String {
    let config: postgres::Config = postgres_url().parse().expect("the test URL parses");
    match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(host)) => host.clone(),
        other => panic!("the test server is reached over TCP, not {other:?}"),
    }
}

/// Whether the store's own session is encrypted, as the server sees it.
fn encrypted(store: &Store) -> bool {
    store
        .conn
        .query_row("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", params![], |r| r.get(0))
        .expect("pg_stat_ssl has the session")
}

/// The message of the TLS failure opening the store at `url` gives.
fn tls_failure(url: &str) -> String {
    match Store::open_postgres(url) {
        Err(error @ StoreError::Tls { .. }) => error.to_string(),
        Err(other) => panic!("not a TLS failure: {other}"),
        Ok(_) => panic!("the store opened at {url}"),
    }
}

#[test]
fn require_encrypts_the_session_and_disable_does_not() {
    server_certificate();
    let schema = ScratchSchema::new();
    assert!(encrypted(&Store::open_postgres(&url_with(&schema, "sslmode=require")).expect("require")));
    assert!(!encrypted(&Store::open_postgres(&url_with(&schema, "sslmode=disable")).expect("disable")));
}

#[test]
fn without_sslmode_the_session_is_encrypted_when_the_server_offers_tls() {
    server_certificate();
    let schema = ScratchSchema::new();
    assert!(encrypted(&Store::open_postgres(&schema.url()).expect("prefer")));
}

#[test]
fn verify_ca_accepts_the_server_certificate_as_root_and_verify_full_refuses_the_address() {
    let certificate = server_certificate();
    let schema = ScratchSchema::new();
    let root = format!("sslrootcert={}", certificate.file.display());
    let store =
        Store::open_postgres(&url_with(&schema, &format!("sslmode=verify-ca&{root}"))).expect("verify-ca");
    assert!(encrypted(&store));

    let message = tls_failure(&url_with(&schema, &format!("sslmode=verify-full&{root}")));
    let host = test_host();
    assert!(message.contains(&format!("server {host}:")), "{message}");
    assert!(message.contains("sslmode=verify-full"), "{message}");
    assert!(message.contains("mismatch"), "OpenSSL's reason: {message}");
    assert!(message.contains(&format!("not made out to {host}:")), "{message}");
    assert!(message.contains("sslmode=verify-ca"), "what to change: {message}");
}

#[test]
fn verify_full_accepts_the_server_by_the_name_its_certificate_bears() {
    let certificate = server_certificate();
    let schema = ScratchSchema::new();
    let (host, name) = (test_host(), certificate_name(&certificate.pem));
    assert!(host.parse::<std::net::IpAddr>().is_ok(), "the test URL names its server by address, not {host}");
    // Connected to the address, verified against the name: libpq's hostaddr.
    let url = schema.url().replacen(&format!("@{host}"), &format!("@{name}"), 1);
    let url = format!("{url}&hostaddr={host}&sslmode=verify-full&sslrootcert={}", certificate.file.display());
    assert!(encrypted(&Store::open_postgres(&url).expect("verify-full by the certificate's name")));
}

#[test]
fn verify_ca_refuses_a_certificate_no_given_root_signed() {
    server_certificate();
    let schema = ScratchSchema::new();
    let unrelated = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tls/unrelated-ca.pem");
    let message =
        tls_failure(&url_with(&schema, &format!("sslmode=verify-ca&sslrootcert={}", unrelated.display())));
    assert!(message.contains(&format!("server {}:", test_host())), "{message}");
    assert!(message.contains("certificate verify failed"), "OpenSSL's reason: {message}");
    assert!(message.contains(&format!("sslrootcert {}", unrelated.display())), "{message}");
    assert!(message.contains("set sslrootcert=PATH"), "what to change: {message}");
}

#[test]
fn an_unknown_sslmode_is_refused_with_the_known_ones() {
    let Err(problem) = take_tls_settings("postgres://u@db.example/x?sslmode=verify_full") else {
        panic!("verify_full was accepted")
    };
    assert!(problem.contains("\"verify_full\""), "{problem}");
    assert!(problem.contains("disable, prefer, require, verify-ca, verify-full"), "{problem}");
}

#[test]
fn the_tls_parameters_are_taken_out_of_the_url_and_the_others_kept() {
    let url = "postgres://u@db.example/x?options=-csearch_path%3Ds&sslmode=verify-full&sslrootcert=%2Fetc%2Fca%20bundle.pem&connect_timeout=5";
    let (rest, tls) = take_tls_settings(url).expect("the URL");
    assert_eq!(rest, "postgres://u@db.example/x?options=-csearch_path%3Ds&connect_timeout=5");
    assert_eq!(tls.mode, SslMode::VerifyFull);
    assert_eq!(tls.root_file.as_deref(), Some(Path::new("/etc/ca bundle.pem")));
    let (rest, tls) = take_tls_settings("postgres://u@db.example/x?sslmode=require").expect("the URL");
    assert_eq!((rest.as_str(), tls.mode), ("postgres://u@db.example/x", SslMode::Require));
    assert_eq!(take_tls_settings("postgres://u@db.example/x").expect("the URL").1.mode, SslMode::Prefer);
}

#[test]
fn an_unreadable_sslrootcert_is_named_before_any_connection() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let missing = dir.path().join("absent.pem");
    let url =
        format!("postgres://u:secret@db.example/x?sslmode=verify-full&sslrootcert={}", missing.display());
    let message = match connect_postgres(&url) {
        Err(error) => error.to_string(),
        Ok(_) => panic!("connected to db.example"),
    };
    assert!(message.contains(&format!("cannot read sslrootcert {}", missing.display())), "{message}");
    assert!(!message.contains("secret"), "the password is not shown: {message}");

    let not_pem = dir.path().join("notes.pem");
    std::fs::write(&not_pem, "the CA's certificate goes here\n").expect("written");
    let url = format!("postgres://u@db.example/x?sslmode=verify-ca&sslrootcert={}", not_pem.display());
    let message = connect_postgres(&url).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        message.contains(&format!("sslrootcert {} holds no PEM certificate", not_pem.display())),
        "{message}"
    );
}
