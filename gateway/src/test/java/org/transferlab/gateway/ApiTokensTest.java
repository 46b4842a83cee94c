package org.transferlab.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTokensTest {
    @Test
    void optionAndFileFormsGiveEachTokenItsScopes(@TempDir Path dir) throws Exception {
        ApiTokens option = ApiTokens.parse("tokA:read,write; tokB:read");
        assertThat(option.scopesOf("tokA")).isEqualTo(Set.of(ApiTokens.Scope.READ, ApiTokens.Scope.WRITE));
        assertThat(option.scopesOf("tokB")).isEqualTo(Set.of(ApiTokens.Scope.READ));
        assertThat(option.scopesOf("tokC")).isNull();

        Path file = Files.writeString(dir.resolve("tokens"), "# deployments\ntokB:write\n\ntokC:read  # CI\n");
        ApiTokens both = option.and(ApiTokens.read(file));
        assertThat(both.size()).isEqualTo(3);
        assertThat(both.scopesOf("tokB")).isEqualTo(Set.of(ApiTokens.Scope.READ, ApiTokens.Scope.WRITE));
        assertThat(both.scopesOf("tokC")).isEqualTo(Set.of(ApiTokens.Scope.READ));

        assertThat(ApiTokens.parse(null).enabled()).isFalse();
        assertThat(ApiTokens.parse(" ; ").enabled()).isFalse();
    }

    @Test
    void malformedEntriesAreRefusedWithoutEchoingTheSecret() {
        assertThatThrownBy(() -> ApiTokens.parse("secret-token")).hasMessageNotContaining("secret-token")
                .hasMessageContaining("TOKEN:SCOPE");
        assertThatThrownBy(() -> ApiTokens.parse("tok:admin")).hasMessageContaining("unknown scope 'admin'");
    }
}
