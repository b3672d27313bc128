package io.machinarium.actors;

import java.util.Objects;

/**
 * A server's typed answer to one {@link Call}, made by {@link Call#reply(Object)}: what
 * {@link ServerBehaviour#handleCall} returns when it narrows its return type to {@code Reply<?>}, so that
 * every reply it gives has the type its request declared. The server sends {@link #value()} to the caller;
 * a reply made for another request than the one being handled is a programming error that crashes the
 * server ({@link io.machinarium.core.MisuseException}).
 *
 * @param call the request it answers
 * @param value the reply sent to the caller
 * @param <R> the reply's type
 * @since 0.1.0
 */
public record Reply<R>(Call<R> call, R value) {
    /**
     * Checks the components.
     *
     * @throws NullPointerException if either is null (a call always gets a value; defer it instead with
     *     {@link ServerContext#deferReply(Call)})
     */
    public Reply {
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(value, "reply value");
    }
}
