//! `rapporteur serve` as a child process on a free loopback port, and a browser that speaks
//! HTTP/1.1 to it over a real socket: its cookies and the CSRF token of the last page it read.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};

use crate::Workspace;

/// A running `rapporteur serve`, stopped when dropped.
pub struct Server {
    child: Child,
    pub addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Stops the server as Ctrl-C does (SIGINT) and waits for it: how it exited.
    pub fn interrupt(mut self) -> std::process::ExitStatus {
        let sent = Command::new("kill").args(["-INT", &self.child.id().to_string()]).status().unwrap();
        assert!(sent.success(), "kill -INT");
        self.child.wait().unwrap()
    }
}

/// `rapporteur --store STORE serve` on a free port of the loopback, once it listens.
pub fn serve(ws: &Workspace) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .arg("--store")
        .arg(ws.store())
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env("RAPPORTEUR_USER", "test-officer")
        .env_remove("RAPPORTEUR_CATALOG")
        .env_remove("RAPPORTEUR_STORE")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let ready = lines
        .map(Result::unwrap)
        .find(|line| line.starts_with("Rapporteur portal listening on "))
        .expect("the portal says where it listens");
    let addr =
        ready.trim_start_matches("Rapporteur portal listening on ").split(' ').next().unwrap().to_string();
    Server { child, addr }
}

/// An answer: its status, its header lines (`name: value`, names in lower case) and its body.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// One HTTP/1.1 request on a connection of its own.
pub fn request(addr: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply).unwrap();
    let reply = String::from_utf8_lossy(&reply).into_owned();
    let (head, body) = reply.split_once("\r\n\r\n").unwrap_or((&reply, ""));
    let mut lines = head.split("\r\n");
    let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok()).unwrap_or(0);
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let chunked = headers.iter().any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"));
    let body = if chunked { unchunk(body) } else { body.to_string() };
    Reply { status, headers, body }
}

/// A chunked body without its chunks' sizes.
fn unchunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let Ok(size) = usize::from_str_radix(size.trim(), 16) else { break };
        if size == 0 || rest.len() < size {
            break;
        }
        out.push_str(&rest[..size]);
        body = rest[size..].trim_start_matches("\r\n");
    }
    out
}

/// One HTTP/1.1 request; the status code and the body.
pub fn http(addr: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> (u16, String) {
    let reply = request(addr, method, path, headers, body);
    (reply.status, reply.body)
}

/// A browser: its cookies and the CSRF token of the last page it read. It may send each request
/// to another instance of the portal, as a load balancer would.
#[derive(Debug, Clone, Default)]
pub struct Browser {
    cookies: Vec<(String, String)>,
    pub csrf: String,
}

impl Browser {
    fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    /// The value of the cookie `name`, if the browser holds it.
    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.cookies.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// Keeps the cookies a reply sets, and forgets those it expires.
    fn absorb(&mut self, reply: &Reply) {
        for (_, set) in reply.headers.iter().filter(|(n, _)| n == "set-cookie") {
            let Some((name, value)) = set.split(';').next().and_then(|pair| pair.split_once('=')) else {
                continue;
            };
            self.cookies.retain(|(k, _)| k != name);
            if !set.contains("Max-Age=0") {
                self.cookies.push((name.to_string(), value.to_string()));
            }
        }
    }

    /// Reads a page, keeping its cookies and the CSRF token of its forms.
    pub fn get(&mut self, addr: &str, path: &str) -> Reply {
        let cookie = self.cookie_header();
        let reply = request(addr, "GET", path, &[("Cookie", &cookie)], b"");
        self.absorb(&reply);
        if let Some(csrf) = csrf_of(&reply.body) {
            self.csrf = csrf;
        }
        reply
    }

    /// Posts `fields` and the CSRF token, as the page's form does.
    pub fn post(&mut self, addr: &str, path: &str, fields: &[(&str, &str)]) -> Reply {
        let csrf = self.csrf.clone();
        let mut form = vec![("csrf", csrf.as_str())];
        form.extend_from_slice(fields);
        let body = form_body(&form);
        let cookie = self.cookie_header();
        let headers = [("Cookie", cookie.as_str()), ("Content-Type", "application/x-www-form-urlencoded")];
        let reply = request(addr, "POST", path, &headers, body.as_bytes());
        self.absorb(&reply);
        reply
    }
}

/// The `csrf` field of a page's first form.
pub fn csrf_of(html: &str) -> Option<String> {
    let marker = "name=\"csrf\" value=\"";
    let start = html.find(marker)? + marker.len();
    Some(html[start..].split('"').next()?.to_string())
}

/// Fields as `application/x-www-form-urlencoded`.
pub fn form_body(fields: &[(&str, &str)]) -> String {
    let escape = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    (b as char).to_string()
                }
                b' ' => "+".to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    fields.iter().map(|(k, v)| format!("{}={}", escape(k), escape(v))).collect::<Vec<_>>().join("&")
}

/// `rapporteur user add NAME ARGS…` with the password on standard input.
pub fn user_add(ws: &Workspace, args: &[&str], password: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .arg("--store")
        .arg(ws.store())
        .args(["user", "add"])
        .args(args)
        .env("RAPPORTEUR_USER", "test-officer")
        .env_remove("RAPPORTEUR_CATALOG")
        .env_remove("RAPPORTEUR_STORE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(format!("{password}\n").as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}
