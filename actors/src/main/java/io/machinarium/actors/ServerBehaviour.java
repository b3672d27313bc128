package io.machinarium.actors;

/**
 * A server behaviour, like OTP's {@code gen_server}: a few callbacks, while the framework owns the
 * receive loop, the replies and the call timeouts. State lives in the implementing object; a restart
 * by a supervisor makes a fresh object. Callbacks run one at a time on the server's machine thread and
 * may block (the server handles nothing else meanwhile).
 *
 * <p>Requests that want a reply declare its type by implementing {@link Call}; a behaviour that narrows
 * {@code handleCall}'s return type to {@code Reply<?>} can then only answer each request with a reply of the
 * type it declares ({@link Call#reply}), and the caller's {@link ServerRef#call(Call, java.time.Duration)}
 * returns that type without a cast:
 *
 * <pre>{@code
 * sealed interface AccountOp {}
 * record Balance() implements AccountOp, Call<Long> {}
 * record Withdraw(long amount) implements AccountOp, Call<Boolean> {}
 *
 * final class Account implements ServerBehaviour<AccountOp> {
 *     private long balance = 1000;
 *     public Reply<?> handleCall(AccountOp op, ServerContext<AccountOp> ctx) {
 *         return switch (op) {
 *             case Balance b -> b.reply(balance);
 *             case Withdraw w when w.amount() > balance -> w.reply(false);
 *             case Withdraw w -> { balance -= w.amount(); yield w.reply(true); }
 *         };
 *     }
 * }
 * ServerRef<AccountOp> acct = ServerRef.start(system, SpawnOptions.named("a7"), Account::new);
 * long balance = acct.call(new Balance(), Duration.ofSeconds(1));
 * }</pre>
 *
 * <p>The server takes only requests of the type its class declares ({@code AccountOp} above): a call or
 * cast of anything else, which only an unchecked cast can send, is refused before it reaches a callback
 * (a local caller gets {@link io.machinarium.core.MisuseException}, a cast goes to the dead letters) and
 * the server goes on.
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
     * Answers a call ({@link ServerRef#call(Call, java.time.Duration)}). The returned value is the reply,
     * unless the callback took the reply reference with {@link ServerContext#deferReply(Call)} to answer
     * later. A {@link Reply} (made by {@link Call#reply}) is unwrapped: its value is sent; an implementation
     * that declares {@code Reply<?>} as its return type lets the compiler check every reply's type. A
     * {@code Reply} made for another request than this one crashes the server
     * ({@link io.machinarium.core.MisuseException}).
     *
     * @param request the request
     * @param ctx the server's context
     * @return the reply (or a {@link Reply} holding it), not null
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
