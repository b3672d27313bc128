package io.machinarium.actors;

/**
 * A request to a server that declares the type of its reply: request records implement it beside the
 * server's request interface, so that {@link ServerRef#call(Call, java.time.Duration)} returns the reply's
 * type and a server answers it with {@link #reply(Object)}, both checked by the compiler.
 *
 * <pre>{@code
 * sealed interface AccountOp {}
 * record Balance() implements AccountOp, Call<Long> {}
 * record Withdraw(long amount) implements AccountOp, Call<Boolean> {}
 *
 * final class Account implements ServerBehaviour<AccountOp> {
 *     private long balance = 1000;
 *
 *     public Reply<?> handleCall(AccountOp op, ServerContext<AccountOp> ctx) {   // narrowed: typed replies only
 *         return switch (op) {
 *             case Balance b -> b.reply(balance);                               // b.reply("x") does not compile
 *             case Withdraw w when w.amount() > balance -> w.reply(false);
 *             case Withdraw w -> { balance -= w.amount(); yield w.reply(true); }
 *         };
 *     }
 * }
 *
 * long balance = account.call(new Balance(), Duration.ofSeconds(1));           // a Long, no cast
 * }</pre>
 *
 * <p>Java cannot ask for a parameter that is both a {@code Call<R>} and one of the server's requests
 * ({@code M}); the server checks the second at run time: a call of a request it does not take is refused
 * (the caller gets {@link io.machinarium.core.MisuseException}) and the server goes on.
 *
 * @param <R> the type of the reply
 * @since 0.1.0
 */
public interface Call<R> {
    /**
     * The reply to this request, for {@link ServerBehaviour#handleCall} to return.
     *
     * @param value the reply, not null
     * @return the typed reply
     * @throws NullPointerException if {@code value} is null
     */
    default Reply<R> reply(R value) {
        return new Reply<>(this, value);
    }
}
