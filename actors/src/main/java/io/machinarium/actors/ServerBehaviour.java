package io.machinarium.actors;

/**
 * A server behaviour, like OTP's {@code gen_server}: a few callbacks, while the framework owns the
 * receive loop, the replies and the call timeouts. State lives in the implementing object; a restart
 * by a supervisor makes a fresh object. Callbacks run one at a time on the server's machine thread and
 * may block (the server handles nothing else meanwhile).
 *
 * <pre>{@code
 * final class Account implements ServerBehaviour<AccountOp> {
 *     private long balance = 1000;
 *     public Object handleCall(AccountOp op, ServerContext<AccountOp> ctx) {
 *         return switch (op) {
 *             case Balance b -> balance;
 *             case Withdraw w when w.amount() > balance -> false;
 *             case Withdraw w -> { balance -= w.amount(); yield true; }
 *         };
 *     }
 * }
 * ServerRef<AccountOp> acct = ServerRef.start(system, SpawnOptions.named("a7"), Account::new);
 * long balance = acct.call(new Balance(), Duration.ofSeconds(1));
 * }</pre>
 *
 * @param <M> the type of the requests (calls and casts)
 * @since 0.1.0
 */
public interface ServerBehaviour<M> {
    /**
     * Runs first, before any request is handled (requests sent meanwhile wait in the mailbox).
     *
     * @param ctx the server's context
     * @throws Exception a failure ends the server as crashed
     */
    default void init(ServerContext<M> ctx) throws Exception {
    }

    /**
     * Answers a call ({@link ServerRef#call}). The returned value is the reply, unless the callback took
     * the reply reference with {@link ServerContext#deferReply()} to answer later.
     *
     * @param request the request
     * @param ctx the server's context
     * @return the reply, not null
     * @throws Exception a failure ends the server as crashed; the caller gets {@link ActorExitedException}
     */
    default Object handleCall(M request, ServerContext<M> ctx) throws Exception {
        throw new UnsupportedOperationException("server '" + ctx.name() + "' answers no call; it got " + request);
    }

    /**
     * Handles a cast ({@link ServerRef#cast}): a request without a reply.
     *
     * @param message the message
     * @param ctx the server's context
     * @throws Exception a failure ends the server as crashed
     */
    default void handleCast(M message, ServerContext<M> ctx) throws Exception {
        throw new UnsupportedOperationException("server '" + ctx.name() + "' takes no cast; it got " + message);
    }

    /**
     * Handles anything else: {@link ServerRef#info} messages, timers set with
     * {@link ServerContext#sendAfter}, {@link Down} and (when trapping) {@link Exit} signals, and
     * {@link IdleTimeout}. The default ignores it.
     *
     * @param info the message
     * @param ctx the server's context
     * @throws Exception a failure ends the server as crashed
     */
    default void handleInfo(Object info, ServerContext<M> ctx) throws Exception {
    }

    /**
     * Runs last, however the server ends (also when stopped: it then must not block, as every blocking
     * call would throw). Exceptions are logged.
     *
     * @param reason why it ends
     * @param ctx the server's context
     */
    default void terminate(ExitReason reason, ServerContext<M> ctx) {
    }
}
