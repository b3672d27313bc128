package io.machinarium.bench.remote;

import org.apache.pekko.serialization.JSerializer;

/**
 * Pekko's serializer of {@link Blob}: its 64 bytes and nothing else, like ours' codec
 * ({@link ClusterMessages#BLOB}). Pekko instantiates it from {@link PekkoRemoting}'s configuration; it is
 * stateless and thread-safe.
 */
public final class PekkoBlobSerializer extends JSerializer {
    /** Called by Pekko's serialization extension. */
    public PekkoBlobSerializer() {
    }

    @Override
    public int identifier() {
        return 1_700_001;  // any id above 40 (Pekko's own) that no other serializer here uses
    }

    @Override
    public boolean includeManifest() {
        return false;
    }

    @Override
    public byte[] toBinary(Object o) {
        return ((Blob) o).bytes();
    }

    @Override
    public Object fromBinaryJava(byte[] bytes, Class<?> manifest) {
        return new Blob(bytes);
    }
}
