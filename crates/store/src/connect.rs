//! Connecting to PostgreSQL: the one function that opens a connection (the store, the portal's
//! further connections, the tests' helpers), over TLS as the URL's `sslmode` and `sslrootcert`
//! ask, with libpq's meaning, so that a managed server's URL works here as it does in `psql`.
//!
//! tokio-postgres parses `sslmode` only up to `require` and knows no `sslrootcert`, so both are
//! taken out of the URL here; the mode tells tokio-postgres whether TLS is asked for or demanded,
//! and the TLS connector (OpenSSL through native-tls) decides what is verified:
//!
//! | sslmode       | TLS                              | certificate verified                  |
//! |---------------|----------------------------------|---------------------------------------|
//! | `disable`     | never                            | —                                     |
//! | `prefer`      | if the server offers it (default) | no                                   |
//! | `require`     | always                           | no                                    |
//! | `verify-ca`   | always                           | its chain                             |
//! | `verify-full` | always                           | its chain and the host name           |
//!
//! The chain is verified against the certificates of `sslrootcert` alone, or against the
//! system's roots where none is given (libpq would read `~/.postgresql/root.crt` instead).
//! `sslrootcert` counts for the verifying modes only (libpq also verifies the chain under
//! `require` when the file exists: ask for `verify-ca` to have that here).

use std::path::PathBuf;

use crate::schema::without_password;
use crate::{Result, StoreError};

/// libpq's `sslmode`: how much of TLS a connection demands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SslMode {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl SslMode {
    const ALL: [SslMode; 5] =
        [SslMode::Disable, SslMode::Prefer, SslMode::Require, SslMode::VerifyCa, SslMode::VerifyFull];

    fn name(self) -> &'static str {
        match self {
            SslMode::Disable => "disable",
            SslMode::Prefer => "prefer",
            SslMode::Require => "require",
            SslMode::VerifyCa => "verify-ca",
            SslMode::VerifyFull => "verify-full",
        }
    }

    fn parse(name: &str) -> Option<SslMode> {
        SslMode::ALL.into_iter().find(|mode| mode.name() == name)
    }

    /// What tokio-postgres is told: the verifying modes demand TLS like `require`; the
    /// connector does their verifying.
    fn negotiation(self) -> postgres::config::SslMode {
        match self {
            SslMode::Disable => postgres::config::SslMode::Disable,
            SslMode::Prefer => postgres::config::SslMode::Prefer,
            SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull => postgres::config::SslMode::Require,
        }
    }
}

/// What the URL asks of TLS.
struct TlsSettings {
    mode: SslMode,
    /// The file of the root certificates the server's chain is verified against.
    root_file: Option<PathBuf>,
}

/// Opens a connection to the PostgreSQL database at `url` (`postgres://…`, with libpq's
/// `sslmode` and `sslrootcert` among its query parameters).
pub fn connect_postgres(url: &str) -> Result<postgres::Client> {
    let shown = without_password(url);
    let (rest, tls) =
        take_tls_settings(url).map_err(|problem| StoreError::Tls { url: shown.clone(), problem })?;
    let mut config: postgres::Config =
        rest.parse().map_err(|source| StoreError::Connect { url: shown.clone(), source })?;
    config.ssl_mode(tls.mode.negotiation());
    let connector = tls.connector().map_err(|problem| StoreError::Tls { url: shown.clone(), problem })?;
    config.connect(connector).map_err(|source| match handshake_failure(&source) {
        Some(detail) => StoreError::Tls { url: shown.clone(), problem: tls.failure(&config, detail) },
        None => StoreError::Connect { url: shown.clone(), source },
    })
}

/// Splits `url` into the URL tokio-postgres reads (without `sslmode` and `sslrootcert`) and
/// the TLS settings those two parameters give (`prefer` without them, as in libpq).
fn take_tls_settings(url: &str) -> std::result::Result<(String, TlsSettings), String> {
    let mut tls = TlsSettings { mode: SslMode::Prefer, root_file: None };
    let Some((base, query)) = url.split_once('?') else { return Ok((url.to_string(), tls)) };
    let mut kept = Vec::new();
    for pair in query.split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = || percent_encoding::percent_decode_str(value).decode_utf8_lossy().into_owned();
        match key {
            "sslmode" => {
                tls.mode = SslMode::parse(&value()).ok_or_else(|| {
                    format!(
                        "unknown sslmode {:?}: expected one of {}",
                        value(),
                        SslMode::ALL.map(SslMode::name).join(", ")
                    )
                })?
            }
            "sslrootcert" => tls.root_file = Some(PathBuf::from(value())),
            _ => kept.push(pair),
        }
    }
    let rest = if kept.is_empty() { base.to_string() } else { format!("{base}?{}", kept.join("&")) };
    Ok((rest, tls))
}

impl TlsSettings {
    /// The TLS connector that verifies what the mode asks, with the roots of `sslrootcert`.
    fn connector(&self) -> std::result::Result<postgres_native_tls::MakeTlsConnector, String> {
        let mut builder = native_tls::TlsConnector::builder();
        let verify_chain = matches!(self.mode, SslMode::VerifyCa | SslMode::VerifyFull);
        builder.danger_accept_invalid_certs(!verify_chain);
        builder.danger_accept_invalid_hostnames(self.mode != SslMode::VerifyFull);
        if let Some(file) = self.root_file.as_ref().filter(|_| verify_chain) {
            builder.disable_built_in_roots(true);
            for root in read_roots(file)? {
                builder.add_root_certificate(root);
            }
        }
        let connector =
            builder.build().map_err(|error| format!("cannot set up TLS (OpenSSL's libssl): {error}"))?;
        Ok(postgres_native_tls::MakeTlsConnector::new(connector))
    }

    /// The message for a failed TLS handshake: which server, which mode, what OpenSSL said, and
    /// what to change.
    fn failure(&self, config: &postgres::Config, detail: String) -> String {
        let host = match config.get_hosts().first() {
            Some(postgres::config::Host::Tcp(name)) => name.clone(),
            #[cfg(unix)]
            Some(postgres::config::Host::Unix(path)) => path.display().to_string(),
            None => "(no host)".into(),
        };
        let port = config.get_ports().first().copied().unwrap_or(5432);
        let roots = match &self.root_file {
            Some(file) => format!("the certificates of sslrootcert {}", file.display()),
            None => "the system's root certificates (no sslrootcert given)".into(),
        };
        // OpenSSL's verify result names a host name or address mismatch in these words.
        let name_mismatch = detail.contains("hostname mismatch") || detail.contains("IP address mismatch");
        let hint = if self.mode == SslMode::VerifyFull && name_mismatch {
            format!(
                "the server's certificate is not made out to {host}: connect by a name the \
                 certificate bears (with hostaddr=ADDRESS if that name does not lead to the server), or \
                 use sslmode=verify-ca to verify the chain alone"
            )
        } else if matches!(self.mode, SslMode::VerifyCa | SslMode::VerifyFull) {
            format!(
                "the server's certificate was verified against {roots}: set sslrootcert=PATH to the PEM \
                 file of the certificate authority that signed it (a managed service publishes it)"
            )
        } else {
            "check that the server accepts TLS connections".into()
        };
        format!(
            "the TLS handshake with the server {host}:{port} failed (sslmode={}): {detail}; {hint}",
            self.mode.name()
        )
    }
}

/// The certificates of a PEM file of root certificates (one or several).
fn read_roots(file: &std::path::Path) -> std::result::Result<Vec<native_tls::Certificate>, String> {
    let pem = std::fs::read(file).map_err(|error| {
        format!(
            "cannot read sslrootcert {} ({error}): give the path of the PEM file of the certificate \
             authority that signed the server's certificate",
            file.display()
        )
    })?;
    match native_tls::Certificate::stack_from_pem(&pem) {
        Ok(roots) if !roots.is_empty() => Ok(roots),
        Ok(_) => Err(format!(
            "sslrootcert {} holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
            file.display()
        )),
        Err(error) => {
            Err(format!("sslrootcert {} is not a PEM file of certificates: {error}", file.display()))
        }
    }
}

/// What OpenSSL said when the TLS handshake failed, if that is why the connection failed.
fn handshake_failure(error: &postgres::Error) -> Option<String> {
    let source = std::error::Error::source(error)?;
    source.downcast_ref::<native_tls::Error>().map(|tls| tls.to_string())
}

#[cfg(test)]
mod tests;
