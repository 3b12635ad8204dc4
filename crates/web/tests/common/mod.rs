//! A browser for the router: requests through `tower::ServiceExt::oneshot`, the session cookie
//! and the CSRF token of the last page read, logging in as a person does.

#![allow(dead_code)] // each test binary uses its own part of this

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use tower::ServiceExt;

/// The password of every test account.
pub const PASSWORD: &str = "a long test password";

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
    /// The body as sent (a download's bytes; `body` is its text, lossily).
    pub bytes: Vec<u8>,
}

impl Reply {
    pub fn location(&self) -> &str {
        self.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("")
    }

    /// The session cookie the reply sets, as `name=value`.
    pub fn session_cookie(&self) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with(rapporteur_web::SESSION_COOKIE))
            .and_then(|v| v.split(';').next())
            .map(str::to_string)
    }
}

/// A browser: its cookies (as the `Cookie` header it sends) and the CSRF token of the last page
/// it read.
#[derive(Clone, Default)]
pub struct Browser {
    pub cookie: String,
    pub csrf: String,
}

impl Browser {
    /// Keeps the cookies a reply sets, and forgets those it expires, as a browser does.
    pub fn absorb(&mut self, reply: &Reply) {
        let mut jar: Vec<(String, String)> = self
            .cookie
            .split("; ")
            .filter_map(|pair| pair.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        for set in reply.headers.get_all(header::SET_COOKIE).iter().filter_map(|v| v.to_str().ok()) {
            let Some((name, value)) = set.split(';').next().and_then(|pair| pair.split_once('=')) else {
                continue;
            };
            jar.retain(|(k, _)| k != name);
            if !set.contains("Max-Age=0") {
                jar.push((name.to_string(), value.to_string()));
            }
        }
        self.cookie = jar.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
    }
}

pub fn csrf_of(html: &str) -> Option<String> {
    let marker = "name=\"csrf\" value=\"";
    let start = html.find(marker)? + marker.len();
    Some(html[start..].split('"').next()?.to_string())
}

/// The portal's router, driven request by request.
pub struct Client {
    pub router: Router,
}

impl Client {
    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Reply { status, headers, body: String::from_utf8_lossy(&bytes).into_owned(), bytes: bytes.to_vec() }
    }

    /// Reads a page, keeping the cookie it sets and the CSRF token of its forms.
    pub async fn get(&self, browser: &mut Browser, path: &str) -> Reply {
        let request = Request::get(path).header(header::COOKIE, &browser.cookie).body(Body::empty()).unwrap();
        let reply = self.send(request).await;
        browser.absorb(&reply);
        if let Some(csrf) = csrf_of(&reply.body) {
            browser.csrf = csrf;
        }
        reply
    }

    /// Posts exactly `fields` (the CSRF token only if among them).
    pub async fn post_form(&self, browser: &Browser, path: &str, fields: &[(&str, &str)]) -> Reply {
        let body: String =
            form_urlencoded::Serializer::new(String::new()).extend_pairs(fields.iter().copied()).finish();
        let request = Request::post(path)
            .header(header::COOKIE, &browser.cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        self.send(request).await
    }

    /// A browser logged in as `name` as a person does it (the login page, then its form),
    /// having read a page of the new session for its CSRF token.
    pub async fn login(&self, name: &str) -> Browser {
        let mut browser = Browser::default();
        let page = self.get(&mut browser, "/login").await;
        assert_eq!(page.status, StatusCode::OK);
        let csrf = browser.csrf.clone();
        let reply = self
            .post_form(&browser, "/login", &[("csrf", &csrf), ("name", name), ("password", PASSWORD)])
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "login of {name}: {}", reply.body);
        assert!(reply.session_cookie().is_some(), "a new session cookie on login");
        browser.absorb(&reply);
        let page = self.get(&mut browser, "/reports").await;
        assert_eq!(page.status, StatusCode::OK, "{name} after login: {}", page.body);
        browser
    }
}

/// The operator who sets a test's store up and reads it back, as the command line would.
pub fn operator() -> rapporteur_domain::access::Caller {
    rapporteur_domain::access::Caller::Operator("setup".into())
}
