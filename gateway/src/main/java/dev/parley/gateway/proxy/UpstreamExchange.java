package dev.parley.gateway.proxy;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.StreamResetException;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Carries one proxied request to its service, and ends the upstream half of the exchange whenever the caller's
 * half ends first. Vert.x's proxy resets the upstream request when the caller hangs up during the exchange, but
 * not when the caller hung up while the request was still waiting for a pooled connection: that request was sent
 * once a connection freed, with a body that never ends, and held the connection until the idle timeout. Under
 * overload (callers timing out) such requests took the whole pool and every later call to that service hung.
 * So this interceptor takes the pooled connection itself (the last step of the proxy's chain) and:
 * <ul>
 *   <li>a caller already gone when the connection is obtained: the upstream request is reset, never sent;</li>
 *   <li>a caller that hangs up or resets later, before the exchange is complete: reset at once;</li>
 *   <li>a service that does not start answering within the timeout once it has the whole request, or a request
 *   that waits that long for a pooled connection: reset, and the caller gets 504 {@code upstream-timeout};</li>
 *   <li>a service that cannot be reached: 503 {@code unavailable} with {@code Retry-After}.</li>
 * </ul>
 * Resetting an HTTP/1.1 request that was sent closes its connection (the pool opens a fresh one); one never sent
 * leaves its connection to the next waiting request (HungUpCallers: 768 abandoned requests on a pool of 256 opened
 * about 512 connections, not 768).
 */
final class UpstreamExchange implements ProxyInterceptor {
    private static final Logger LOG = Logger.getLogger(UpstreamExchange.class);

    private final HttpClient client;
    private final URI service;
    private final long timeoutMillis;

    UpstreamExchange(HttpClient client, URI service, Duration timeout) {
        this.client = client;
        this.service = service;
        this.timeoutMillis = timeout.toMillis();
    }

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        HttpServerRequest caller = context.request().proxiedRequest();
        // a caller that resets its connection is routine (a client timeout), not an error worth a stack trace
        caller.connection().exceptionHandler(failure -> LOG.debugf("caller connection: %s", failure.toString()));
        RequestOptions options = new RequestOptions()
                .setHost(service.getHost())
                .setPort(service.getPort())
                // bounds the wait for a pooled connection (a busy pool means a slow service: 504, not a hang)
                .setConnectTimeout(timeoutMillis);
        return client.request(options)
                .compose(upstream -> exchange(context, caller, upstream))
                .recover(failure -> Future.succeededFuture(problem(context, caller, failure)));
    }

    private Future<ProxyResponse> exchange(ProxyContext context, HttpServerRequest caller, HttpClientRequest upstream) {
        quiet(upstream);
        if (caller.response().closed()) {
            upstream.reset();
            return Future.failedFuture(new CallerGone());
        }
        caller.response().closeHandler(v -> upstream.reset());
        // the clock starts once the service has the whole request: a long upload is not cut short by it
        caller.end().onSuccess(v -> upstream.idleTimeout(timeoutMillis));
        return context.request().send(upstream);
    }

    /**
     * Failures of an upstream request are answered through its response future (see problem); without these
     * handlers Vert.x logs each reset at ERROR. The proxy's body pipe replaces the request's handler while it runs.
     */
    private void quiet(HttpClientRequest upstream) {
        upstream.exceptionHandler(failure -> LOG.debugf("request to %s: %s", service, failure.toString()));
        upstream.connection().exceptionHandler(failure -> LOG.debugf("connection to %s: %s", service, failure.toString()));
    }

    private ProxyResponse problem(ProxyContext context, HttpServerRequest caller, Throwable failure) {
        String path = context.request().getURI();
        ProxyResponse response = context.request().response();
        if (caller.response().closed() || failure instanceof StreamResetException) {
            // the caller went away and the upstream request was reset (by us or by the proxy's body pipe, which
            // can see the caller's reset before its response is marked closed); 499 as nginx logs it, never sent
            LOG.debugf("caller of %s %s hung up before %s answered", context.request().getMethod(), path, service);
            return response.setStatusCode(499);
        }
        response.putHeader("Content-Type", "application/problem+json");
        if (failure instanceof TimeoutException) {
            LOG.warnf("service %s did not answer %s in time: %s", service, path, failure.getMessage());
            return response.setStatusCode(504).setBody(Body.body(Problems.body(504, "upstream-timeout",
                    "Upstream timeout", "the service behind this path did not answer in time", path)));
        }
        LOG.warnf("service %s unreachable: %s", service, failure.toString());
        return response.setStatusCode(503).putHeader("Retry-After", "2").setBody(Body.body(Problems.body(503,
                "unavailable", "Service unavailable", "the service behind this path is not reachable; retry shortly", path)));
    }

    /** The caller hung up while its request waited for a pooled connection. */
    private static final class CallerGone extends Exception {
        CallerGone() {
            super("the caller hung up", null, false, false);
        }
    }
}
