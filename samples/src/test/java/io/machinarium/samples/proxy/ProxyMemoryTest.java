package io.machinarium.samples.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.machinarium.core.testing.FdBalance;
import io.machinarium.samples.Clients;
import io.machinarium.samples.HostPort;
import io.machinarium.samples.SlowReaderTransfer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client that writes as fast as it can and reads slowly, through the proxy to its embedded echo backend
 * (both in this JVM): the relay's water marks must keep what the process holds small however many bytes
 * pass ({@link SlowReaderTransfer#size()}).
 */
@ExtendWith(FdBalance.class)
class ProxyMemoryTest {
    @Test
    void aSlowReaderKeepsTheProxysMemoryBounded() throws Exception {
        ProxySettings settings = new ProxySettings(new HostPort("127.0.0.1", 0), List.of(), 2, Balance.ROUND_ROBIN,
                null, null, null, Duration.ofSeconds(2), Duration.ZERO, 100, null, Duration.ofSeconds(1));
        try (ProxyServer proxy = ProxyServer.start(settings);
             Socket s = Clients.connect(((InetSocketAddress) proxy.address()).getPort())) {
            SlowReaderTransfer.Result r = SlowReaderTransfer.run(s, SlowReaderTransfer.size());
            System.out.println("ProxyMemoryTest: " + r);
            // Three connection ends in this JVM (the proxy's client and backend sides, the embedded echo), each
            // held at its water marks, on several machine threads; Netty's allocator takes memory in chunks per
            // allocating thread, so the figure moves in steps: 12-34 MiB over 16 runs, whatever the size moved.
            assertThat(r.nettyGrowth()).as("Netty buffers grew by").isLessThan(3 * SlowReaderTransfer.BOUND);
            assertThat(r.heapGrowth()).as("the heap grew by").isLessThan(SlowReaderTransfer.BOUND);
            assertThat(proxy.metrics().clientToBackend().sum()).isEqualTo(r.bytes());
        }
    }
}
