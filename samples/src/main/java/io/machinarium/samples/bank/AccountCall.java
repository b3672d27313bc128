package io.machinarium.samples.bank;

import io.machinarium.actors.ActorExitedException;
import io.machinarium.actors.ExitReason;
import io.machinarium.actors.MailboxFullException;
import io.machinarium.actors.ServerRef;
import io.machinarium.cluster.ClusterNode;
import io.machinarium.core.TimedOutException;
import java.time.Duration;

/**
 * A request to an account of a cluster, by name, wherever it runs, and what is known of it afterwards: it
 * was answered; it certainly reached no account (nobody holds the name: NATS has no responder, or the
 * local server had exited); or it may have been applied and its answer is lost (no reply in time, the
 * account crashed, its node was lost). The last is the only case where the bank must find out later.
 * Blocks the calling coroutine until the answer or the deadline.
 */
final class AccountCall {
    private AccountCall() {
    }

    /** What is known of a request. */
    sealed interface Result {
    }

    /**
     * The account answered.
     *
     * @param reply its reply
     */
    record Answered(Object reply) implements Result {
        /** {@return the reply of a request that reads or changes money} */
        AccountReply account() {
            return (AccountReply) reply;
        }
    }

    /**
     * The request reached no account: nothing was applied.
     *
     * @param why one sentence
     */
    record NotDelivered(String why) implements Result {
    }

    /**
     * The request may or may not have been applied.
     *
     * @param why one sentence
     */
    record NoAnswer(String why) implements Result {
    }

    /**
     * Asks account {@code id}.
     *
     * @param cluster the joined node
     * @param id the account
     * @param request the request
     * @param deadline {@link System#nanoTime()} by which to give up; a request past it is still sent, with
     *     a millisecond to answer, so that what is certain (nobody holds the name) is still learned
     * @return what is known
     */
    static Result ask(ClusterNode cluster, String id, AccountRequest request, long deadline) {
        Duration left = Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
        try {
            return new Answered(ServerRef.of(cluster.named(id), AccountRequest.class).call(request, left));
        } catch (ActorExitedException e) {
            if (e.reason().kind() == ExitReason.Kind.NO_ACTOR) {
                return new NotDelivered("account " + id + " is not served now (its node is down or restarting)");
            }
            return new NoAnswer("account " + id + " did not answer: " + e.reason().kind() + " " + e.getMessage());
        } catch (MailboxFullException e) {
            return new NotDelivered("account " + id + " refused the request: " + e.getMessage());
        } catch (TimedOutException e) {
            return new NoAnswer("account " + id + " did not answer within " + left.toMillis() + " ms");
        }
    }
}
