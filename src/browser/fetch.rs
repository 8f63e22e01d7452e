//! `fetch` with a timeout (AbortController), a body-size cap and the headers delivery needs.

use std::cell::Cell;
use std::rc::Rc;

use super::global::window;
use super::promise::settled;
use super::timer::Timeout;
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;

pub struct HttpResponse {
    pub status: u16,
    pub etag: Option<String>,
    pub retry_after: Option<String>,
    /// The response's `X-CSRF-Token`, when it has one.
    pub csrf_token: Option<String>,
    pub body: String,
}

/// Why a GET failed; `facade::refresh` turns each into the `FlagError` whose message the page sees.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FetchError {
    /// No `window` (Node/SSR): nothing was sent.
    Unavailable,
    Network(String),
    Timeout(u32),
    TooLarge {
        bytes: usize,
        max: usize,
    },
}

pub struct GetRequest<'a> {
    pub url: &'a str,
    pub if_none_match: Option<&'a str>,
    pub timeout_ms: u32,
    pub max_bytes: usize,
    pub include_credentials: bool,
    /// An `X-CSRF-Token` request header.
    pub csrf_token: Option<&'a str>,
}

/// GET `url`; `done` gets the response or why there is none (synchronously when nothing could be
/// sent). Credentials are included for same-site cookies (vets-api session, FLIPPER_ID).
pub fn get(req: GetRequest<'_>, done: impl FnOnce(Result<HttpResponse, FetchError>) + 'static) {
    let (timeout_ms, max_bytes) = (req.timeout_ms, req.max_bytes);
    let (w, controller, init) = match prepare(&req) {
        Ok(parts) => parts,
        Err(e) => return done(Err(e)),
    };
    let timed_out = Rc::new(Cell::new(false));
    let timer = {
        let (flag, controller) = (timed_out.clone(), controller.clone());
        Timeout::new(f64::from(timeout_ms), move || {
            flag.set(true);
            controller.abort();
        })
    };
    let fail = move |e: JsValue| {
        if timed_out.get() {
            FetchError::Timeout(timeout_ms)
        } else {
            FetchError::Network(describe(&e))
        }
    };
    settled(&w.fetch_with_str_and_init(req.url, &init), move |sent| {
        let response = match sent.and_then(|r| r.dyn_into::<web_sys::Response>()) {
            Ok(r) => r,
            Err(e) => return done(Err(fail(e))),
        };
        let header = |name: &str| response.headers().get(name).ok().flatten();
        if let Some(len) = header("content-length").and_then(|l| l.trim().parse::<usize>().ok()) {
            if len > max_bytes {
                controller.abort();
                return done(Err(FetchError::TooLarge {
                    bytes: len,
                    max: max_bytes,
                }));
            }
        }
        let head = (
            response.status(),
            header("etag"),
            header("retry-after"),
            header(va_rollout_core::flags::csrf::CSRF_HEADER),
        );
        let text = match response.text() {
            Ok(p) => p,
            Err(e) => return done(Err(fail(e))),
        };
        settled(&text, move |read| {
            // The timeout stays armed until the body is in (it aborts a stalled body too).
            let _timer = timer;
            done(read.map_err(fail).and_then(|body| {
                let body = body.as_string().unwrap_or_default();
                if body.len() > max_bytes {
                    return Err(FetchError::TooLarge {
                        bytes: body.len(),
                        max: max_bytes,
                    });
                }
                let (status, etag, retry_after, csrf_token) = head;
                Ok(HttpResponse {
                    status,
                    etag,
                    retry_after,
                    csrf_token,
                    body,
                })
            }))
        });
    });
}

/// The window, an abort controller and the request (method, signal, credentials, headers).
fn prepare(
    req: &GetRequest<'_>,
) -> Result<
    (
        web_sys::Window,
        web_sys::AbortController,
        web_sys::RequestInit,
    ),
    FetchError,
> {
    let w = window().ok_or(FetchError::Unavailable)?;
    let controller =
        web_sys::AbortController::new().map_err(|e| FetchError::Network(describe(&e)))?;
    let init = web_sys::RequestInit::new();
    init.set_method("GET");
    init.set_signal(Some(&controller.signal()));
    if req.include_credentials {
        init.set_credentials(web_sys::RequestCredentials::Include);
    }
    let headers = web_sys::Headers::new().map_err(|e| FetchError::Network(describe(&e)))?;
    let _ = headers.set("Accept", "application/json");
    if let Some(tag) = req.if_none_match {
        let _ = headers.set("If-None-Match", tag);
    }
    if let Some(token) = req.csrf_token {
        let _ = headers.set(va_rollout_core::flags::csrf::CSRF_HEADER, token);
    }
    init.set_headers(&headers);
    Ok((w, controller, init))
}

/// A short, human-readable description of a thrown JS value.
pub fn describe(e: &JsValue) -> String {
    if let Some(s) = e.as_string() {
        return s;
    }
    let get = |k: &str| {
        js_sys::Reflect::get(e, &k.into())
            .ok()
            .and_then(|v| v.as_string())
    };
    match (get("name"), get("message")) {
        (Some(n), Some(m)) => [n.as_str(), ": ", &m].concat(),
        (_, Some(m)) => m,
        (Some(n), None) => n,
        _ => "unknown error".into(),
    }
}
