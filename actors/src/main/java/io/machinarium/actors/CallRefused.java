package io.machinarium.actors;

/**
 * What a local server answers a call of a request it does not take (not one of its request type): the
 * caller's {@link ServerRef#call} throws it as a {@link io.machinarium.core.MisuseException}, and the server
 * goes on. Never sent to another node (the caller's reply reference is local).
 *
 * @param reason one sentence: which server, which type it takes, what it got
 */
record CallRefused(String reason) {
}
