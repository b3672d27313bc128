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
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
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
 * <p>A type crosses as its tag, {@code ~} and eleven characters of a hash of its class name (SHA-256, 64
 * bits, base64url), not as the name itself: on the {@code remote} benchmark (2026-12-02, three interleaved
 * pairs of runs), the 32-character class name of its payload in every frame held ours at 0.71–0.87× raw
 * jnats, and the tag at 0.90–0.96× — the name's bytes are paid by the sender, the NATS server and the
 * receiver alike. Every node that registers a type computes the same tag; a receiver
 * that has not registered it answers with an error naming the tag. Two types of one node whose tags collide
 * keep crossing by their names (so would a peer's full name: both forms are read).
 *
 * <p>Thread safety: immutable after construction; Jackson mappers are thread-safe.
 */
final class Codecs {
    /** A message on the wire: the type as it crosses (its tag, or a built-in envelope's name) and its bytes. */
    record Encoded(String type, byte[] data) {
    }

    /** The first character of a type's tag; no class name holds it. */
    static final char TAG = '~';

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
    /** Every registered type by its name and by its tag. */
    private final Map<String, Class<?>> byName = new HashMap<>();
    /** What each registered type crosses as: its tag, or its name if its tag collides with another's. */
    private final Map<Class<?>, String> wireNames = new HashMap<>();
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
        Set<Class<?>> all = new LinkedHashSet<>(records);
        all.addAll(custom.keySet());
        wireNames.putAll(wireNames(all, Codecs::tag));
        for (Class<?> t : all) {
            byName.put(t.getName(), t);
            byName.put(wireNames.get(t), t);
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

    /**
     * What each of {@code types} crosses as: its tag, unless another of them has the same tag, when both
     * cross by name.
     */
    static Map<Class<?>, String> wireNames(Collection<Class<?>> types, Function<String, String> tagOf) {
        Map<String, Integer> uses = new HashMap<>();
        for (Class<?> t : types) {
            uses.merge(tagOf.apply(t.getName()), 1, Integer::sum);
        }
        Map<Class<?>, String> out = new HashMap<>();
        for (Class<?> t : types) {
            String tag = tagOf.apply(t.getName());
            out.put(t, uses.get(tag) == 1 ? tag : t.getName());
        }
        return out;
    }

    /** The tag of a class name: {@link #TAG}, then the first 64 bits of its SHA-256 in base64url. */
    static String tag(String className) {
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(className.getBytes(StandardCharsets.UTF_8));
            return TAG + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(h, 8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
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
        String wire = wireNames.get(type);
        String name = type.getName();
        if (wire == null) {
            throw new MessageEncodingException("a message of type " + name + " cannot cross to another node: "
                    + "register it (or a sealed interface it implements) with ClusterConfig.Builder.messageTypes, "
                    + "or give it a MessageCodec");
        }
        try {
            @SuppressWarnings("unchecked")
            MessageCodec<Object> c = (MessageCodec<Object>) custom.get(type);
            if (c != null) {
                return new Encoded(wire, c.encode(message, refs));
            }
            return new Encoded(wire, json.writeValueAsBytes(message));
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
            throw new IllegalArgumentException(type.startsWith("~")
                    ? "a message type with tag '" + type + "' (a hash of its class name) is not registered on this node:"
                            + " register the same message types and codecs on every node"
                    : "message type '" + type + "' is not registered on this node");
        }
        MessageCodec<?> c = custom.get(t);
        try {
            if (c != null) {
                return c.decode(whole(data, off, len), refs);
            }
            return json.readValue(data, off, len, t);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the bytes are not a " + t.getName() + ": " + e.getOriginalMessage(), e);
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
