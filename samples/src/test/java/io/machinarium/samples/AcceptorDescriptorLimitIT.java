package io.machinarium.samples;

import static io.machinarium.samples.Clients.T;
import static io.machinarium.samples.Clients.readyPort;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/sample echo} with 200 descriptors and 300 clients: accepting fails with EMFILE while the
 * clients hold their connections, and once they have gone the server serves a new client — the accept error
 * did not end the accept loop. The error is logged once for the run, not once per failed retry.
 */
class AcceptorDescriptorLimitIT {
    private static final String ERROR = "Too many open files";

    @Test
    void anEchoServerOutOfDescriptorsServesANewClientOnceTheOthersHaveGone() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/prlimit")),
                "needs util-linux's prlimit to start the sample with 200 descriptors");
        try (ChildProcess echo = ChildProcess.start(ChildProcess.ROOT, "/usr/bin/prlimit", "--nofile=200:200",
                "bin/sample", "echo", "--listen", "127.0.0.1:0", "--machines", "1")) {
            int port = readyPort(echo);
            List<Socket> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 300; i++) {
                    clients.add(Clients.connect(port));  // the kernel's backlog takes what the server cannot
                }
                echo.await(ERROR, T);
            } finally {
                for (Socket s : clients) {
                    s.close();
                }
            }
            try (Socket s = Clients.connect(port)) {
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                out.write("still there?\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                assertThat(new String(Clients.readExactly(in, 13), StandardCharsets.UTF_8))
                        .as(echo.output()).isEqualTo("still there?\n");
            }
            assertThat(echo.isAlive()).isTrue();
            assertOneLinePerRunOfErrors(echo.stderr());
        }
    }

    /** Each run of accept errors is one error line followed by one "accepting again" line. */
    private static void assertOneLinePerRunOfErrors(String stderr) {
        boolean inRun = false;
        for (String line : stderr.split("\n")) {
            if (line.contains(ERROR)) {
                assertThat(inRun).as("a second error line within one run:\n" + stderr).isFalse();
                inRun = true;
            } else if (line.contains("accepting again")) {
                inRun = false;
            }
        }
    }
}
