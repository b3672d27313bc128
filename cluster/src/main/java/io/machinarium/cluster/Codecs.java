package io.machinarium.cluster;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.machinarium.actors.ActorRef;
import io.machinarium.actors.CallRefused;
import io.machinarium.actors.ServerMessage;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.NamedType;
import tools.jackson.databind.module.SimpleModule;

/**
 * The message codecs of one node: which types may cross, and how each becomes bytes. Registered records
 * and sealed interfaces go through one Jackson mapper whose {@code ActorRef} fields travel as text
 * ({@link ActorRefCodec}); a sealed interface used as a field type carries its record's name; a server's
 * envelopes (call, cast, info) carry their payload's type and bytes inside. Decoding names the class on
 * the wire, so only registered types (and the built-in ones) are ever instantiated from a peer's bytes.
 *
 * <p>Thread safety: immutable after construction; Jackson mappers are thread-safe.
 */
final class Codecs {
    /** A message on the wire: the type's name and its bytes. */
    record Encoded(String type, byte[] data) {
    }

    private static final String CALL = "mc:call";
    private static final String CAST = "mc:cast";
    private static final String INFO = "mc:info";
    /** A server's refusal of a call it does not take, back to the caller: its reason in UTF-8. */
    private static final String REFUSED = "mc:refused";
    private static final Set<Class<?>> BUILT_IN = Set.of(String.class, Integer.class, Long.class, Double.class,
            Float.class, Short.class, Byte.class, Boolean.class, Character.class, byte[].class);

    /** Sealed interfaces carry their record's name wherever they are a field's declared type. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "@type")
    private interface Polymorphic {
    }

    private final Map<Class<?>, MessageCodec<?>> custom;
    private final Map<String, Class<?>> byName = new HashMap<>();
    private final JsonMapper json;
    private final ActorRefCodec refs;

    Codecs(ClusterConfig config, ActorRefCodec refs) {
        this.refs = refs;
        this.custom = config.codecs();
        Set<Class<?>> records = new LinkedHashSet<>(BUILT_IN);
        Set<Class<?>> sealed = new LinkedHashSet<>();
        for (Class<?> t : config.messageTypes()) {
            collect(t, records, sealed);
        }
        for (Class<?> t : records) {
            byName.put(t.getName(), t);
        }
        for (Class<?> t : custom.keySet()) {
            byName.put(t.getName(), t);
        }
        SimpleModule refsModule = new SimpleModule("machinarium-refs");
        refsModule.addSerializer(new RefSerializer(refs));
        addRefDeserializer(refsModule, refs);
        JsonMapper.Builder b = JsonMapper.builder().addModule(refsModule);
        for (Class<?> s : sealed) {
            b.addMixIn(s, Polymorphic.class);
        }
        for (Class<?> r : records) {
            if (!BUILT_IN.contains(r)) {
                b.registerSubtypes(new NamedType(r, r.getName()));
            }
        }
        this.json = b.build();
    }

    private static void collect(Class<?> t, Set<Class<?>> records, Set<Class<?>> sealed) {
        if (t.isSealed()) {
            if (sealed.add(t)) {
                for (Class<?> p : t.getPermittedSubclasses()) {
                    collect(p, records, sealed);
                }
            }
        } else if (t.isRecord() || t.isEnum() || BUILT_IN.contains(t)) {
            records.add(t);
        } else {
            throw new IllegalArgumentException(t.getName() + " cannot be a message type of the default codec: register"
                    + " records, enums or sealed interfaces of them, or give the type a MessageCodec of its own");
        }
    }

    /**
     * Encodes a message for another node.
     *
     * @throws MessageEncodingException if the type has no codec or its codec failed
     */
    Encoded encode(Object message) {
        if (message instanceof ServerMessage.Call c) {
            return new Encoded(CALL, envelope(c.request(), refs.write(c.replyTo())));
        }
        if (message instanceof ServerMessage.Cast c) {
            return new Encoded(CAST, envelope(c.message(), ""));
        }
        if (message instanceof ServerMessage.Info i) {
            return new Encoded(INFO, envelope(i.message(), ""));
        }
        if (message instanceof CallRefused r) {
            return new Encoded(REFUSED, r.reason().getBytes(StandardCharsets.UTF_8));
        }
        Class<?> type = message.getClass();
        String name = type.getName();
        try {
            @SuppressWarnings("unchecked")
            MessageCodec<Object> c = (MessageCodec<Object>) custom.get(type);
            if (c != null) {
                return new Encoded(name, c.encode(message, refs));
            }
            if (byName.get(name) != type) {
                throw new MessageEncodingException("a message of type " + name + " cannot cross to another node: "
                        + "register it (or a sealed interface it implements) with ClusterConfig.Builder.messageTypes, "
                        + "or give it a MessageCodec");
            }
            return new Encoded(name, json.writeValueAsBytes(message));
        } catch (MessageEncodingException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MessageEncodingException("a message of type " + name + " could not be encoded: " + e.getMessage(), e);
        }
    }

    /**
     * Decodes a message from another node.
     *
     * @throws IllegalArgumentException with the reason, if the type is unknown or the bytes are not one
     */
    Object decode(String type, byte[] data) {
        return decode(type, data, 0, data.length);
    }

    /**
     * Decodes a message whose bytes are {@code data[off, off + len)}: one look-up of the type, and the bytes
     * are copied only for a codec of its own or an envelope, which take a whole array.
     */
    Object decode(String type, byte[] data, int off, int len) {
        if (type.startsWith("mc:")) {
            byte[] whole = whole(data, off, len);
            switch (type) {
                case CALL -> {
                    Object[] e = unwrap(whole);
                    @SuppressWarnings("unchecked")
                    ActorRef<Object> replyTo = (ActorRef<Object>) refs.read((String) e[1]);
                    return new ServerMessage.Call(e[0], replyTo);
                }
                case CAST -> {
                    return new ServerMessage.Cast(unwrap(whole)[0]);
                }
                case INFO -> {
                    return new ServerMessage.Info(unwrap(whole)[0]);
                }
                case REFUSED -> {
                    return new CallRefused(new String(whole, StandardCharsets.UTF_8));
                }
                default -> throw new IllegalArgumentException("message type '" + type + "' is not registered on this node");
            }
        }
        Class<?> t = byName.get(type);
        if (t == null) {
            throw new IllegalArgumentException("message type '" + type + "' is not registered on this node");
        }
        MessageCodec<?> c = custom.get(t);
        try {
            if (c != null) {
                return c.decode(whole(data, off, len), refs);
            }
            return json.readValue(data, off, len, t);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the bytes are not a " + type + ": " + e.getOriginalMessage(), e);
        }
    }

    /** The bytes {@code data[off, off + len)} as an array of their own; {@code data} itself when it is all of them. */
    private static byte[] whole(byte[] data, int off, int len) {
        return off == 0 && len == data.length ? data : java.util.Arrays.copyOfRange(data, off, off + len);
    }

    /** A server envelope: the payload's type and bytes, and a reference (or ""). */
    private byte[] envelope(Object payload, String ref) {
        Encoded inner = encode(payload);
        ByteArrayOutputStream buf = new ByteArrayOutputStream(inner.data().length + 64);
        try (DataOutputStream out = new DataOutputStream(buf)) {
            out.writeUTF(inner.type());
            out.writeUTF(ref);
            out.write(inner.data());
        } catch (IOException e) {
            throw new IllegalStateException(e);  // a byte array stream does not fail
        }
        return buf.toByteArray();
    }

    private Object[] unwrap(byte[] data) {
        try {
            DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data));
            String type = in.readUTF();
            String ref = in.readUTF();
            byte[] rest = in.readAllBytes();
            if (type.startsWith("mc:")) {
                throw new IllegalArgumentException("a server envelope cannot hold another envelope");
            }
            return new Object[] {decode(type, rest), ref};
        } catch (IOException e) {
            throw new IllegalArgumentException("a server envelope is cut short", e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void addRefDeserializer(SimpleModule m, ActorRefCodec refs) {
        m.addDeserializer((Class) ActorRef.class, (ValueDeserializer) new RefDeserializer(refs));
    }

    /** {@code ActorRef} fields as text. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final class RefSerializer extends ValueSerializer<ActorRef<?>> {
        private final ActorRefCodec refs;

        RefSerializer(ActorRefCodec refs) {
            this.refs = refs;
        }

        @Override
        public Class<ActorRef<?>> handledType() {
            return (Class) ActorRef.class;
        }

        @Override
        public void serialize(ActorRef<?> value, JsonGenerator gen, SerializationContext ctxt) {
            gen.writeString(refs.write(value));
        }
    }

    /** {@code ActorRef} fields from text. */
    private static final class RefDeserializer extends ValueDeserializer<ActorRef<?>> {
        private final ActorRefCodec refs;

        RefDeserializer(ActorRefCodec refs) {
            this.refs = refs;
        }

        @Override
        public ActorRef<?> deserialize(JsonParser p, DeserializationContext ctxt) {
            return refs.read(p.getValueAsString());
        }
    }

    /** For tests and metrics: a short description of what may cross. */
    int registeredTypes() {
        return byName.size();
    }
}
