package io.machinarium.net;

import static io.machinarium.net.NetTesting.T;
import static io.machinarium.net.NetTesting.on;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.core.Machinarium;
import io.machinarium.core.testing.Runtimes;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SocketOptionsTest {
    private final Machinarium rt = Runtimes.start(1);

    @AfterEach
    void close() {
        rt.close();
    }

    @Test
    void keepaliveAdviceMatchesMachinarium() {
        assertThat(Keepalive.adviceUserTimeoutMillis(100, 10, 3)).isEqualTo(129_500);
        assertThat(Keepalive.adviceUserTimeoutMillis(15, 10, 5)).isEqualTo(64_500);
        assertThat(new Keepalive(15, 10, 5).advisedUserTimeout()).isEqualTo(Duration.ofMillis(64_500));
        assertThatThrownBy(() -> new Keepalive(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void socketOptionsReachTheSocket() {
        on(rt.machine(0), () -> {
            try (Listener l = Listener.bind(NetTesting.loopback());
                 IoContext io = IoContext.connect(l.localAddress(), T);
                 IoContext peer = l.accept(T)) {
                assertThat(io.socket().get(ChannelOption.TCP_NODELAY)).isTrue();
                assertThat(peer.socket().get(ChannelOption.TCP_NODELAY)).isTrue();
                io.socket().noDelay(false);
                assertThat(io.socket().get(ChannelOption.TCP_NODELAY)).isFalse();
                io.socket().keepAlive(new Keepalive(15, 10, 5));
                assertThat(io.socket().get(ChannelOption.SO_KEEPALIVE)).isTrue();
                assertThat(io.socket().get(EpollChannelOption.TCP_KEEPIDLE)).isEqualTo(15);
                assertThat(io.socket().get(EpollChannelOption.TCP_KEEPINTVL)).isEqualTo(10);
                assertThat(io.socket().get(EpollChannelOption.TCP_KEEPCNT)).isEqualTo(5);
                assertThat(io.socket().get(EpollChannelOption.TCP_USER_TIMEOUT)).isEqualTo(64_500);
                io.socket().userTimeout(Duration.ofSeconds(3));
                assertThat(io.socket().get(EpollChannelOption.TCP_USER_TIMEOUT)).isEqualTo(3_000);
                io.socket().lingerZero();
                assertThat(io.socket().get(ChannelOption.SO_LINGER)).isZero();
            }
        });
    }

    @Test
    void reusePortLetsTwoListenersShareAPort() {
        on(rt.machine(0), () -> {
            try (Listener a = Listener.bind(NetTesting.loopback(), ListenOptions.defaults().withReusePort(true))) {
                try (Listener b = Listener.bind(a.localAddress(), ListenOptions.defaults().withReusePort(true))) {
                    assertThat(b.localAddress()).isEqualTo(a.localAddress());
                }
            }
        });
    }
}
