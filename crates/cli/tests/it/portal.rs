//! `rapporteur user add` and `rapporteur serve` as an administrator runs them: the first
//! coordinator from the command line, then the portal answering on a real socket.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};

use crate::portal_process::user_add;
use crate::Workspace;

#[test]
fn the_first_coordinator_is_created_from_the_command_line_with_its_password_on_stdin() {
    let ws = Workspace::new();
    let weak = user_add(&ws, &["an.coord", "--role", "coordinator"], "short");
    assert_eq!(weak.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&weak.stderr).contains("at least 12 characters"));
    let no_actor = user_add(&ws, &["pol.one", "--role", "contributor"], "long enough password");
    assert_eq!(no_actor.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&no_actor.stderr).contains("needs an actor"), "{no_actor:?}");
    let made = user_add(&ws, &["an.coord", "--role", "coordinator", "--lang", "fr"], "long enough password");
    assert!(made.status.success(), "{made:?}");
    assert_eq!(String::from_utf8_lossy(&made.stdout).trim(), "created account an.coord (coordinator), id 1");
    let listed = ws.run(&["user", "list"]);
    assert_eq!(String::from_utf8_lossy(&listed.stdout), "an.coord\tcoordinator\t\tfr\tactive\n");
    // The password is kept only as an Argon2id hash; the audit log names who created the account.
    let store = ws.store_bytes();
    assert!(!store.windows(20).any(|w| w == b"long enough password"));
    let audit = String::from_utf8_lossy(&ws.run(&["audit"]).stdout).into_owned();
    assert!(audit.contains("test-officer") && audit.contains("add_user"), "{audit}");
}

#[test]
fn serve_listens_on_the_port_it_reports_and_answers_with_the_login_page() {
    let ws = Workspace::new();
    let mut child = Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .arg("--store")
        .arg(ws.store())
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let hint = lines.next().unwrap().unwrap();
    assert!(
        hint.contains("rapporteur user add"),
        "an empty store says how to make the first account: {hint}"
    );
    let ready = lines.next().unwrap().unwrap();
    let addr = ready
        .strip_prefix("Rapporteur portal listening on ")
        .and_then(|rest| rest.split(' ').next())
        .unwrap_or_else(|| panic!("unexpected first line {ready:?}"))
        .to_string();
    let mut stream = std::net::TcpStream::connect(&addr).unwrap();
    write!(
        stream,
        "GET /login HTTP/1.1\r\nHost: {addr}\r\nAccept-Language: fr-BE,fr;q=0.9\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(reply.starts_with("HTTP/1.1 200 OK"), "{reply}");
    assert!(reply.contains("<html lang=\"fr\">"), "the browser's language is used before login");
    // A visitor who is not logged in gets the login form's signed token, and no session.
    let reply = reply.to_ascii_lowercase();
    assert!(reply.contains("set-cookie: rapporteur_login="), "{reply}");
    assert!(!reply.contains("set-cookie: rapporteur_session="), "{reply}");
}
