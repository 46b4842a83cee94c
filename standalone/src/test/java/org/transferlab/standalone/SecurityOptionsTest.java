package org.transferlab.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transferlab.gateway.GatewayOptions;

/** The command line's security options: tokens and allowed origins. */
class SecurityOptionsTest {
    @Test
    void tokensOnTheCommandLineWarnAndAFileDoesNot(@TempDir Path dir) throws Exception {
        Main.Tokens onLine = new Main.Tokens();
        onLine.tokens = "alice=tokA:read,write";
        String warning = stderrOf(onLine);
        assertThat(warning).contains("ps").contains("--tokens-file").contains("TRANSFERLAB_TOKENS")
                .doesNotContain("tokA");

        Main.Tokens inFile = new Main.Tokens();
        inFile.file = Files.writeString(dir.resolve("tokens"), "alice=tokA:read,write\n");
        assertThat(stderrOf(inFile)).isEmpty();
    }

    @Test
    void allowedOriginsAreCheckedAndNormalised() {
        GatewayOptions base = GatewayOptions.of("127.0.0.1:9092", 0);
        assertThat(base.withAllowedOrigins(List.of("https://Lab.Example.org/", " http://localhost:3000"), "test")
                .allowedOrigins()).containsExactlyInAnyOrder("https://lab.example.org", "http://localhost:3000");
        for (String bad : List.of("lab.example.org", "https://lab.example.org/app", "ftp://lab.example.org", "*")) {
            assertThatThrownBy(() -> base.withAllowedOrigins(List.of(bad), "--allowed-origin"))
                    .as(bad).hasMessageContaining("--allowed-origin").hasMessageContaining("is not an origin");
        }
    }

    private static String stderrOf(Main.Tokens tokens) throws Exception {
        PrintStream saved = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertThat(tokens.read().enabled()).isTrue();
        } finally {
            System.setErr(saved);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
