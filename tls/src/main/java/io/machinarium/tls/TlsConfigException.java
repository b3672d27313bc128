package io.machinarium.tls;

import io.machinarium.core.MachinariumException;

/**
 * A {@link TlsConfig} could not be built: a certificate, key or CA file is missing or unreadable, is not a
 * regular file (a device such as {@code /dev/zero}, a pipe) or holds more than 1 MiB; a key is encrypted and
 * its password is missing or wrong; a key does not belong to its certificate (every handshake would fail); an
 * option is not supported (a protocol older than TLS 1.2, an unknown cipher suite), or the requested
 * provider does not load here. The message names the file or option; the cause, if any, says why.
 *
 * @since 0.1.0
 */
public class TlsConfigException extends MachinariumException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong with the configuration, as one sentence
     */
    public TlsConfigException(String message) {
        super(message);
    }

    /**
     * Creates the exception with the failure that caused it.
     *
     * @param message what is wrong with the configuration, as one sentence
     * @param cause why
     */
    public TlsConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
