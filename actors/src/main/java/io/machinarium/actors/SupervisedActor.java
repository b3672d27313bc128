package io.machinarium.actors;

/**
 * A supervised child's body: tells its supervisor that it is running (its body has begun), then runs the
 * child's own code. The supervisor counts its children as running for {@link Supervisor#startAndAwait}.
 */
final class SupervisedActor<M> implements Actor<M> {
    final Actor<M> body;
    private final Runnable running;

    SupervisedActor(Actor<M> body, Runnable running) {
        this.body = body;
        this.running = running;
    }

    @Override
    public void run(ActorContext<M> ctx) throws Exception {
        running.run();
        body.run(ctx);
    }
}
