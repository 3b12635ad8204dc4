//! The portal's commands: `serve` runs it, `user add` creates accounts (the first coordinator
//! before the portal has anyone who could).

use crate::operator::Operator;
use std::io::{BufRead, IsTerminal, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;
use rapporteur_domain::access::Role;

#[derive(Subcommand)]
pub enum PortalCommand {
    /// Run the portal: actors submit returns and texts, reviewers approve, the coordinator compiles
    ///
    /// Pages in nl, fr and en over the same store and use cases as the command line. Create the
    /// first coordinator with `rapporteur user add` before. Put it behind a TLS-terminating proxy
    /// for use beyond this machine and pass --tls so that cookies are Secure and HSTS is sent.
    Serve {
        /// Address and port to listen on
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        /// The portal is reached over HTTPS (cookies get Secure and the __Host- prefix; HSTS)
        #[arg(long)]
        tls: bool,
        /// The actors' shared secret, to pseudonymise the indicator checklists filled in the
        /// portal (without it, the checklist form takes no identity and stores no person key)
        #[arg(long)]
        key_file: Option<PathBuf>,
        /// The portal runs behind a reverse proxy that appends the client's address to
        /// X-Forwarded-For: login throttling counts per client address, not per proxy. Only
        /// with a proxy that always sets it; otherwise a client could choose its own address
        #[arg(long)]
        behind_proxy: bool,
        /// Connections to the store, each serving one request at a time, so that pages need
        /// not wait for a save (default: 4 on PostgreSQL; 1 on a SQLite file, whose writers
        /// lock out its readers)
        #[arg(long, value_parser = clap::value_parser!(u16).range(1..=64))]
        connections: Option<u16>,
    },
    /// Manage the portal's accounts
    #[command(subcommand)]
    User(UserCommand),
    /// Manage the tokens of actors' systems for the API (/api/v1 of `rapporteur serve`)
    ///
    /// A token is scoped to one role and, for an actor's roles, one actor: a contributor's token
    /// submits that actor's returns and record files and reads the findings on them, a reader's
    /// reads what is published. The store keeps only its SHA-256; issuing, revoking and every
    /// use are in the audit log. No coordinator token exists.
    #[command(subcommand)]
    ApiToken(ApiTokenCommand),
}

#[derive(Subcommand)]
pub enum ApiTokenCommand {
    /// Issue a token: it is printed once on standard output, and never again
    Issue {
        /// The token's label (3 to 64 letters, digits, dots, dashes or underscores), e.g. the
        /// system it is for: police-ang. The audit log names its uses `api:LABEL`
        label: String,
        /// contributor, reviewer, field or reader
        #[arg(long)]
        role: String,
        /// The actor a contributor, reviewer or field token works for (a code of the actor list)
        #[arg(long)]
        actor: Option<String>,
    },
    /// List the tokens (never their secret): label, role, actor, issued, revoked, last used
    List,
    /// Revoke a token: from now on every request with it is refused
    Revoke {
        /// The token's label
        label: String,
    },
}

#[derive(Subcommand)]
pub enum UserCommand {
    /// Create an account; the password is read from standard input (not echoed on a terminal)
    Add {
        /// Account name (3 to 64 letters, digits, dots, dashes or underscores)
        name: String,
        /// coordinator, contributor, reviewer, field or reader
        #[arg(long)]
        role: String,
        /// The actor a contributor, reviewer or field user works for (a code of the actor list)
        #[arg(long)]
        actor: Option<String>,
        /// Interface language: nl, fr or en
        #[arg(long, default_value = "nl")]
        lang: String,
    },
    /// List the accounts
    List,
}

fn api_token(command: &ApiTokenCommand, mut op: Operator, out: &mut impl Write) -> anyhow::Result<()> {
    match command {
        ApiTokenCommand::Issue { label, role, actor } => {
            let role = Role::parse(role)
                .with_context(|| format!("unknown role {role:?}: contributor, reviewer, field or reader"))?;
            let issued = op.app.issue_api_token(&op.caller, label, (role, actor.as_deref()))?;
            // The secret alone on standard output, for a script to capture; what it is on
            // standard error.
            eprintln!(
                "issued API token {label} ({role}{}); it is shown only now: give it to the system's administrator",
                actor.as_ref().map(|a| format!(" of {a}")).unwrap_or_default()
            );
            writeln!(out, "{}", issued.secret)?;
        }
        ApiTokenCommand::List => {
            for token in op.app.api_tokens(&op.caller)? {
                let revoked =
                    token.revoked.map(|(at, by)| format!("revoked {at} by {by}")).unwrap_or_default();
                writeln!(
                    out,
                    "{}\t{}\t{}\tissued {} by {}\t{}\t{}",
                    token.label,
                    token.role,
                    token.actor.unwrap_or_default(),
                    token.created_at,
                    token.created_by,
                    token
                        .last_used_at
                        .map(|at| format!("last used {at}"))
                        .unwrap_or_else(|| "never used".into()),
                    if revoked.is_empty() { "active".to_string() } else { revoked },
                )?;
            }
        }
        ApiTokenCommand::Revoke { label } => {
            op.app.revoke_api_token(&op.caller, label)?;
            writeln!(out, "revoked API token {label}")?;
        }
    }
    Ok(())
}

fn read_password() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        Ok(rpassword::prompt_password("password (at least 12 characters): ")
            .context("reading the password")?)
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).context("reading the password from standard input")?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}

/// The server's log: one line per request (with its id, who, what, the answer and how long it
/// took) and every internal error in detail, on standard error.
fn log_to_stderr() {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false)
        .init();
}

pub fn run(
    command: &PortalCommand,
    store: &std::path::Path,
    open: impl FnOnce() -> anyhow::Result<Operator>,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    match command {
        PortalCommand::Serve { addr, tls, key_file, behind_proxy, connections } => {
            let key = match key_file {
                Some(path) => {
                    Some(std::fs::read(path).with_context(|| format!("reading {}", path.display()))?)
                }
                None => None,
            };
            let op = open()?;
            if !op.app.has_accounts()? {
                writeln!(
                    out,
                    "no account yet: create the first coordinator with `rapporteur user add NAME --role coordinator`"
                )?;
            }
            let connections =
                connections.unwrap_or(if rapporteur_app::is_server_store(store) { 4 } else { 1 });
            let more =
                (1..connections).map(|_| op.app.connect_again(store)).collect::<Result<Vec<_>, _>>()?;
            let mut state =
                rapporteur_web::AppState::new(op.app, &op.caller, *tls, key)?.with_connections(more);
            if *behind_proxy {
                state = state.behind_proxy();
            }
            log_to_stderr();
            let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
            runtime.block_on(rapporteur_web::serve(state, *addr, |bound| {
                let scheme = if *tls { "https (through the proxy)" } else { "http" };
                // Tests and scripts read this line to learn the port.
                let _ = writeln!(out, "Rapporteur portal listening on {bound} ({scheme}); Ctrl-C stops it");
                let _ = out.flush();
            }))?;
        }
        PortalCommand::User(UserCommand::Add { name, role, actor, lang }) => {
            let role = Role::parse(role).with_context(|| {
                format!("unknown role {role:?}: coordinator, contributor, reviewer, field or reader")
            })?;
            let mut op = open()?;
            let password = read_password()?;
            let id = op.app.add_user(&op.caller, name, &password, (role, actor.as_deref()), lang)?;
            writeln!(
                out,
                "created account {name} ({role}{}), id {id}",
                actor.as_ref().map(|a| format!(" of {a}")).unwrap_or_default()
            )?;
        }
        PortalCommand::ApiToken(command) => api_token(command, open()?, out)?,
        PortalCommand::User(UserCommand::List) => {
            let op = open()?;
            for user in op.app.users(&op.caller)? {
                let state = if user.active { "active" } else { "inactive" };
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{state}",
                    user.name,
                    user.role,
                    user.actor.unwrap_or_default(),
                    user.lang
                )?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
