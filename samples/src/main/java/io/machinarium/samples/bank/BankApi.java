package io.machinarium.samples.bank;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.machinarium.actors.ActorSystem;
import io.machinarium.core.MachinariumException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bank's HTTP API: turns one decoded request into one response. Runs on the connection's coroutine
 * and blocks it for the account calls a request needs. JSON is read and written by Jackson.
 *
 * <ul>
 *   <li>{@code GET /accounts/{id}} → 200 {@code {"id":"a7","balance":1000}}, 404 if unknown
 *   <li>{@code POST /transfers} with {@code {"from":"a1","to":"a2","amount":10}} → 200
 *       {@code {"status":"ok"}}, 409 insufficient funds, 400 bad JSON or amount, 404 unknown account
 *   <li>{@code GET /total} → {@code {"accounts":1000,"total":1000000}}, a consistent snapshot even while
 *       transfers run; {@code GET /health}; {@code GET /metrics} (Prometheus text)
 *   <li>{@code HEAD} wherever {@code GET} is allowed; {@code 405} with {@code Allow} for a wrong method;
 *       {@code 413} for a body over {@link #MAX_BODY}, {@code 431} for headers over Netty's limit (8 KiB),
 *       {@code 414} for a request line over it (4 KiB), {@code 408} for a request too slow to arrive
 *       ({@link HttpLimits}) — each a JSON error, and each counted in the metrics
 * </ul>
 *
 * <p>A bank of several nodes ({@link ClusterBank}) adds: {@code 503} with a JSON error when an account's
 * node is down or does not answer within the request timeout; the transfer's id in the answers of a
 * transfer ({@code "transfer"}); {@code "inDoubt"} in {@code GET /total}; {@code GET /cluster}, the nodes and
 * the registered names as this node sees them; and the cluster's meters in {@code GET /metrics}.
 */
final class BankApi {
    /** The largest request body accepted. */
    static final int MAX_BODY = 16 * 1024;
    /** What the resources read with GET allow. */
    private static final String GET_OR_HEAD = "GET, HEAD";

    private final ObjectMapper json = JsonMapper.builder().build();
    private final Bank accounts;
    private final BankMetrics metrics;

    record AccountView(String id, long balance) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Status(String status, String transfer) {
        Status(String status) {
            this(status, null);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Error(String error, String transfer) {
        Error(String error) {
            this(error, null);
        }
    }

    BankApi(Bank accounts, ActorSystem system, BankMetrics metrics, LongSupplier activeConnections) {
        this.accounts = accounts;
        this.metrics = metrics;
        metrics.bind(accounts, system, activeConnections);
    }

    /**
     * Answers a request. Does not release the request (the caller does); the caller owns the response
     * and hands it to the connection, which releases it once written.
     */
    FullHttpResponse handle(FullHttpRequest req) {
        FullHttpResponse res;
        try {
            res = route(req);
        } catch (MachinariumException e) {
            res = json(HttpResponseStatus.SERVICE_UNAVAILABLE, new Error(e.getMessage()));
        }
        metrics.response(res.status().code());
        return res;
    }

    /**
     * A {@code 503 Service Unavailable} for a request that was refused before it could be read (the HTTP
     * codec's pipelining limit); counted like every answer. The caller owns the response.
     *
     * @param why the reason, sent in the JSON body
     * @return the response
     */
    FullHttpResponse unavailable(String why) {
        return counted(json(HttpResponseStatus.SERVICE_UNAVAILABLE, new Error(why)));
    }

    /**
     * A {@code 413 Content Too Large} for a request whose body is over {@link #MAX_BODY}; counted like every
     * answer. The caller owns the response.
     *
     * @param limit the largest body accepted, in bytes
     * @return the response
     */
    FullHttpResponse tooLarge(int limit) {
        return counted(json(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                new Error("the request body is larger than " + limit + " bytes")));
    }

    /**
     * A {@code 408 Request Timeout} for a request that did not arrive in time ({@link HttpLimits}); counted
     * like every answer. The caller owns the response.
     *
     * @param why what did not arrive in time, sent in the JSON body
     * @return the response
     */
    FullHttpResponse timedOut(String why) {
        return counted(json(HttpResponseStatus.REQUEST_TIMEOUT, new Error(why)));
    }

    private FullHttpResponse counted(FullHttpResponse res) {
        metrics.response(res.status().code());
        return res;
    }

    private FullHttpResponse route(FullHttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            return switch (req.decoderResult().cause()) {
                case TooLongHttpHeaderException e -> json(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                        new Error("the request's headers are too large: " + e.getMessage()));
                case TooLongHttpLineException e -> json(HttpResponseStatus.REQUEST_URI_TOO_LONG,
                        new Error("the request line is too long: " + e.getMessage()));
                default -> json(HttpResponseStatus.BAD_REQUEST, new Error("malformed HTTP request"));
            };
        }
        String path;
        try {
            path = new io.netty.handler.codec.http.QueryStringDecoder(req.uri()).path();
        } catch (IllegalArgumentException e) {  // a broken %-escape: found by BankApiFuzzTest
            return json(HttpResponseStatus.BAD_REQUEST, new Error("malformed URI: " + e.getMessage()));
        }
        // HEAD is answered as GET: Netty's server codec sends the head, Content-Length included, and no body.
        HttpMethod method = req.method().equals(HttpMethod.HEAD) ? HttpMethod.GET : req.method();
        if (path.startsWith("/accounts/")) {
            if (!method.equals(HttpMethod.GET)) {
                return notAllowed(GET_OR_HEAD);
            }
            String id = path.substring("/accounts/".length());
            Long balance = accounts.balance(id);
            return balance == null ? json(HttpResponseStatus.NOT_FOUND, new Error("unknown account " + id))
                    : json(HttpResponseStatus.OK, new AccountView(id, balance));
        }
        return switch (path) {
            case "/transfers" -> method.equals(HttpMethod.POST) ? transfer(req) : notAllowed("POST");
            case "/total" -> method.equals(HttpMethod.GET) ? json(HttpResponseStatus.OK, accounts.total())
                    : notAllowed(GET_OR_HEAD);
            case "/cluster" -> cluster(method);
            case "/health" -> method.equals(HttpMethod.GET) ? json(HttpResponseStatus.OK, new Status("up"))
                    : notAllowed(GET_OR_HEAD);
            case "/metrics" -> method.equals(HttpMethod.GET) ? text(HttpResponseStatus.OK,
                    metrics.scrape()) : notAllowed(GET_OR_HEAD);
            default -> json(HttpResponseStatus.NOT_FOUND, new Error("no such resource " + path));
        };
    }

    private FullHttpResponse transfer(FullHttpRequest req) {
        JsonNode body;
        try {
            byte[] bytes = new byte[req.content().readableBytes()];
            req.content().getBytes(req.content().readerIndex(), bytes);
            body = json.readTree(bytes);
        } catch (JacksonException e) {
            return json(HttpResponseStatus.BAD_REQUEST, new Error("malformed JSON: " + e.getOriginalMessage()));
        }
        if (body == null || !body.isObject()) {
            return json(HttpResponseStatus.BAD_REQUEST, new Error("the body must be a JSON object"));
        }
        JsonNode from = body.get("from");
        JsonNode to = body.get("to");
        JsonNode amount = body.get("amount");
        if (from == null || !from.isString() || to == null || !to.isString()) {
            return json(HttpResponseStatus.BAD_REQUEST, new Error("\"from\" and \"to\" must be account ids"));
        }
        if (amount == null || !amount.isIntegralNumber() || !amount.canConvertToLong() || amount.longValue() <= 0) {
            return json(HttpResponseStatus.BAD_REQUEST, new Error("\"amount\" must be a positive integer"));
        }
        if (from.stringValue().equals(to.stringValue())) {
            return json(HttpResponseStatus.BAD_REQUEST, new Error("\"from\" and \"to\" must differ"));
        }
        Bank.TransferResult result = accounts.transfer(from.stringValue(), to.stringValue(), amount.longValue());
        metrics.transfer(result.outcome());
        String id = result.transfer();
        return switch (result.outcome()) {
            case OK -> json(HttpResponseStatus.OK, new Status("ok", id));
            case INSUFFICIENT_FUNDS -> json(HttpResponseStatus.CONFLICT, new Error("insufficient funds", id));
            case UNKNOWN_ACCOUNT -> json(HttpResponseStatus.NOT_FOUND, new Error("unknown account " + result.detail()));
            case FAILED, UNAVAILABLE, IN_DOUBT -> json(HttpResponseStatus.SERVICE_UNAVAILABLE, new Error(result.detail(), id));
        };
    }

    private FullHttpResponse cluster(HttpMethod method) {
        if (!method.equals(HttpMethod.GET)) {
            return notAllowed(GET_OR_HEAD);
        }
        Object view = accounts.clusterView();
        return view == null ? json(HttpResponseStatus.NOT_FOUND, new Error("no such resource /cluster: this bank"
                + " runs in one process (start it with --nats to make it a node of a cluster)"))
                : json(HttpResponseStatus.OK, view);
    }

    private FullHttpResponse notAllowed(String allowed) {
        FullHttpResponse res = json(HttpResponseStatus.METHOD_NOT_ALLOWED, new Error("use " + allowed));
        res.headers().set(HttpHeaderNames.ALLOW, allowed);
        return res;
    }

    private FullHttpResponse json(HttpResponseStatus status, Object value) {
        return response(status, Unpooled.wrappedBuffer(json.writeValueAsBytes(value)), "application/json");
    }

    private static FullHttpResponse text(HttpResponseStatus status, String body) {
        return response(status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8), BankMetrics.CONTENT_TYPE);
    }

    private static FullHttpResponse response(HttpResponseStatus status, ByteBuf body, String type) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        HttpUtil.setContentLength(res, body.readableBytes());
        return res;
    }
}
