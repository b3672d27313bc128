package io.machinarium.actors;

import io.machinarium.core.MisuseException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * The message type an actor's code declares, read from its class at run time, for the checks the compiler
 * cannot make (a lookup by name, a call whose request may be of another protocol): the type argument of
 * {@link ServerBehaviour} or {@link Actor} as the implementing class gives it, directly or through an
 * interface of its own. A lambda, or a generic class that passes its own type variable on, declares nothing
 * readable: then the answer is {@code Object}, and the check lets everything through.
 */
final class MessageTypes {
    private MessageTypes() {
    }

    /**
     * The type argument of {@code generic} as {@code implementation}'s class (or a superclass) implements it.
     *
     * @return the declared class, or {@code Object.class} when it cannot be told
     */
    static Class<?> declared(Object implementation, Class<?> generic) {
        if (implementation instanceof SupervisedActor<?> s) {
            implementation = s.body;  // a supervisor's wrapper: the child's own code declares the type
        }
        for (Class<?> c = implementation.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            Class<?> found = inInterfaces(c, generic);
            if (found != null) {
                return found;
            }
        }
        return Object.class;
    }

    /** The type argument {@code type}'s interfaces (or theirs) give {@code generic}; null if none names it. */
    private static Class<?> inInterfaces(Class<?> type, Class<?> generic) {
        for (Type t : type.getGenericInterfaces()) {
            Type raw = t instanceof ParameterizedType p ? p.getRawType() : t;
            if (raw == generic) {
                Type arg = t instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
                if (arg instanceof Class<?> k) {
                    return k;
                }
                if (arg instanceof ParameterizedType pa && pa.getRawType() instanceof Class<?> k) {
                    return k;
                }
                return Object.class;  // a type variable: not readable here
            }
            if (raw instanceof Class<?> k) {
                Class<?> found = inInterfaces(k, generic);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /**
     * An actor of this process as a reference to {@code messageType}, checked: it must be a plain actor (not
     * a server, which takes calls and casts, nor a supervisor, which takes nothing), and its code must take
     * {@code messageType} if it says what it takes.
     *
     * @param cell the actor
     * @param found how the caller found it, for the error ("actor 'db'", "child 'db' of supervisor 'root'")
     * @param messageType the messages the caller will send
     * @throws MisuseException if the actor is a server, a supervisor, or takes another type
     */
    static <M> ActorRef<M> checkedActor(ActorCell<?> cell, String found, Class<M> messageType) {
        Object body = cell.body();
        if (body instanceof ServerActor<?>) {
            throw new MisuseException(found + " is a server, which takes calls and casts, not messages of type "
                    + messageType.getName() + ": reach it with ServerRef.of(ref, requestType) or ServerRef.lookup");
        }
        if (body instanceof SupervisorActor) {
            throw new MisuseException(found + " is a supervisor, which takes no messages of type "
                    + messageType.getName() + ": reach its children through its Supervisor handle");
        }
        Class<?> declared = declared(body, Actor.class);
        if (!declared.isAssignableFrom(messageType)) {
            throw new MisuseException(found + " takes messages of type " + declared.getName() + ", not "
                    + messageType.getName());
        }
        @SuppressWarnings("unchecked")
        ActorRef<M> typed = (ActorRef<M>) cell;
        return typed;
    }
}
