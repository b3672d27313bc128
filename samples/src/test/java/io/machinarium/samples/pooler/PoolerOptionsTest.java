package io.machinarium.samples.pooler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machinarium.samples.Options;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pooler's command line. */
class PoolerOptionsTest {
    @Test
    void theDefaultsAreSessionModeOnPort6432WithTheAdminOn6433() {
        PoolerSettings s = PoolerSample.parse(List.of("--backend", "127.0.0.1:5432"));
        assertThat(s.mode()).isEqualTo(PoolMode.SESSION);
        assertThat(s.listen().port()).isEqualTo(6432);
        assertThat(s.admin().port()).isEqualTo(6433);
        assertThat(s.users()).isNull();
        assertThat(s.clientTls()).isNull();
    }

    @Test
    void everyOptionIsRead() {
        PoolerSettings s = PoolerSample.parse(List.of("--listen", "127.0.0.1:7000", "--backend", "db:5433",
                "--machines", "3", "--pool-mode", "transaction", "--pool-size", "7", "--max-clients", "9",
                "--admin", "off", "--grace", "100"));
        assertThat(s.backend().host()).isEqualTo("db");
        assertThat(s.machines()).isEqualTo(3);
        assertThat(s.mode()).isEqualTo(PoolMode.TRANSACTION);
        assertThat(s.poolSize()).isEqualTo(7);
        assertThat(s.maxClients()).isEqualTo(9);
        assertThat(s.admin()).isNull();
        assertThat(s.grace().toMillis()).isEqualTo(100);
    }

    @Test
    void badOptionsAreRefusedWithOneLineSayingWhy() {
        assertThatThrownBy(() -> PoolerSample.parse(List.of())).isInstanceOf(Options.BadOptionException.class)
                .hasMessage("pooler: Missing required option: '--backend=HOST:PORT'");
        assertThatThrownBy(() -> PoolerSample.parse(List.of("--backend", "h:1", "--bogus")))
                .hasMessage("pooler: Unknown option: '--bogus'");
        assertThatThrownBy(() -> PoolerSample.parse(List.of("--backend", "h:1", "--pool-mode", "statement")))
                .isInstanceOf(Options.BadOptionException.class)
                .hasMessage("pooler: --pool-mode must be session or transaction, not 'statement'");
        assertThatThrownBy(() -> PoolerSample.parse(List.of("--backend", "h:1", "--pool-size", "0")))
                .hasMessageContaining("--pool-size must be from 1");
        assertThatThrownBy(() -> PoolerSample.parse(List.of("--backend", "h:1", "--tls-cert", "x.pem")))
                .hasMessageContaining("--tls-cert and --tls-key go together");
        assertThatThrownBy(() -> PoolerSample.parse(List.of("--backend", "nonsense")))
                .hasMessageContaining("--backend needs HOST:PORT");
        assertThatThrownBy(() -> PoolerSample.parse(List.of("--backend", "h:1", "--auth-file", "/no/such/file")))
                .hasMessageContaining("--auth-file: cannot read /no/such/file");
    }

    @Test
    void aUsersFileLineThatIsNotTwoQuotedFieldsNamesItsLine() {
        assertThatThrownBy(() -> UserList.parse(List.of("; comment", "\"ok\" \"pw\"", "bad line"), "users.txt"))
                .hasMessage("users.txt:3: expected two quoted fields, \"user\" \"secret\"");
        UserList u = UserList.parse(List.of("\"a\"\"b\" \"md5" + "0".repeat(32) + "\""), "users.txt");
        assertThat(u.user("a\"b").md5()).isEqualTo("md5" + "0".repeat(32));
    }
}
