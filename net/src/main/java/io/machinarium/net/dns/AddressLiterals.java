package io.machinarium.net.dns;

import io.netty.util.NetUtil;
import java.net.InetAddress;

/** Recognises IP address literals, which every resolver answers at once, without a query or an offload. */
final class AddressLiterals {
    private AddressLiterals() {
    }

    /**
     * Parses an IPv4 or IPv6 literal, also an IPv6 one in brackets ({@code [::1]}).
     *
     * @return the address, or null if {@code host} is not a literal (then it is a name to look up)
     */
    static InetAddress parse(String host) {
        String h = host.length() > 2 && host.charAt(0) == '[' && host.charAt(host.length() - 1) == ']'
                ? host.substring(1, host.length() - 1) : host;
        return NetUtil.createInetAddressFromIpAddressString(h);
    }
}
