/**
 * The downstream program as a named module, so that it also runs from the module path. Machinarium's jars
 * are automatic modules there (their names come from their manifests); Netty's jars are real modules, of
 * which this program names the one its own code uses.
 */
module com.example.downstream {
    requires io.machinarium.core;
    requires io.machinarium.net;
    requires io.netty.buffer;
}
