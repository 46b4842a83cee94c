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
        assertThat(option.callerOf("tokA").scopes()).isEqualTo(Set.of(ApiTokens.Scope.READ, ApiTokens.Scope.WRITE));
        assertThat(option.callerOf("tokB").scopes()).isEqualTo(Set.of(ApiTokens.Scope.READ));
        assertThat(option.callerOf("tokC")).isNull();

        Path file = Files.writeString(dir.resolve("tokens"), "# deployments\ntokB:write\n\ntokC:read  # CI\n");
        ApiTokens both = option.and(ApiTokens.read(file));
        assertThat(both.size()).isEqualTo(3);
        assertThat(both.callerOf("tokB").scopes()).isEqualTo(Set.of(ApiTokens.Scope.READ, ApiTokens.Scope.WRITE));
        assertThat(both.callerOf("tokC").scopes()).isEqualTo(Set.of(ApiTokens.Scope.READ));

        assertThat(ApiTokens.parse(null).enabled()).isFalse();
        assertThat(ApiTokens.parse(" ; ").enabled()).isFalse();
    }

    @Test
    void malformedEntriesAreRefusedWithoutEchoingTheSecret() {
        assertThatThrownBy(() -> ApiTokens.parse("secret-token")).hasMessageNotContaining("secret-token")
                .hasMessageContaining("TOKEN:SCOPE");
        assertThatThrownBy(() -> ApiTokens.parse("tok:root")).hasMessageContaining("unknown scope 'root'");
    }

    @Test
    void namedTokensAndTheAdminScope() {
        ApiTokens t = ApiTokens.parse("alice=tokA:read,write; ops=tokO:admin; tokB:read,list-all; padded==:read");
        assertThat(t.callerOf("tokA")).isEqualTo(new ApiTokens.Caller("alice", Set.of(ApiTokens.Scope.READ,
                ApiTokens.Scope.WRITE)));
        assertThat(t.callerOf("alice=tokA")).isNull();
        assertThat(t.callerOf("tokO").scopes()).containsExactlyInAnyOrder(ApiTokens.Scope.values());
        assertThat(t.callerOf("tokB").name()).matches("token-[0-9a-f]{8}").doesNotContain("tokB");
        assertThat(t.callerOf("tokB").may(ApiTokens.Scope.LIST_ALL)).isTrue();
        // base64 padding is part of the token, not a name
        assertThat(t.callerOf("padded==")).isNotNull();
    }
}
