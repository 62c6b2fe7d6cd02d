//! Security headers on every response: a Content-Security-Policy without inline script or
//! style, no framing, no sniffing, no referrer leaks, and no caching of signed-in pages.

use std::future::{Ready, ready};

use actix_web::Error;
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform, forward_ready};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use futures_util::future::LocalBoxFuture;

pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

pub struct Headers;

impl<S, B> Transform<S, ServiceRequest> for Headers
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: 'static,
{
    type Response = ServiceResponse<B>;
    type Error = Error;
    type Transform = HeadersMiddleware<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(HeadersMiddleware { service }))
    }
}

pub struct HeadersMiddleware<S> {
    service: S,
}

impl<S, B> Service<ServiceRequest> for HeadersMiddleware<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: 'static,
{
    type Response = ServiceResponse<B>;
    type Error = Error;
    type Future = LocalBoxFuture<'static, Result<Self::Response, Self::Error>>;

    forward_ready!(service);

    fn call(&self, req: ServiceRequest) -> Self::Future {
        let fut = self.service.call(req);
        Box::pin(async move {
            let mut res = fut.await?;
            let h = res.headers_mut();
            let set = |h: &mut header::HeaderMap, name: HeaderName, value: &'static str| {
                if !h.contains_key(&name) {
                    h.insert(name, HeaderValue::from_static(value));
                }
            };
            set(h, header::CONTENT_SECURITY_POLICY, CSP);
            set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
            set(h, header::X_FRAME_OPTIONS, "DENY");
            set(h, header::REFERRER_POLICY, "same-origin");
            set(
                h,
                HeaderName::from_static("permissions-policy"),
                "camera=(), microphone=(), geolocation=()",
            );
            set(
                h,
                HeaderName::from_static("cross-origin-opener-policy"),
                "same-origin",
            );
            set(h, header::CACHE_CONTROL, "no-store");
            Ok(res)
        })
    }
}
