package org.transferlab.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The bearer tokens a gateway accepts and the scopes each grants. None configured means the API is
 * open (the default, and what the embedded {@code run} uses). Written as {@code token:scope,scope}
 * entries separated by {@code ;} (the option and environment form) or by lines (the file form, where
 * {@code #} starts a comment), e.g. {@code tokA:read,write;tokB:read}.
 */
public final class ApiTokens {
    /** read: GET /api/*, the SSE stream and /eventbus; write: POST and DELETE /api/*. */
    public enum Scope {
        READ, WRITE;

        String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final ApiTokens NONE = new ApiTokens(Map.of());

    private final Map<String, Set<Scope>> scopes;

    private ApiTokens(Map<String, Set<Scope>> scopes) {
        this.scopes = Map.copyOf(scopes);
    }

    /** Entries separated by ';' or newlines; blank or null text means no tokens. */
    public static ApiTokens parse(String text) {
        Map<String, Set<Scope>> m = new LinkedHashMap<>();
        if (text != null) {
            for (String line : text.split("[;\n]")) {
                String entry = line.replaceFirst("#.*", "").strip();
                if (!entry.isEmpty()) {
                    add(m, entry);
                }
            }
        }
        return new ApiTokens(m);
    }

    /** The file form: one {@code token:scopes} entry a line. */
    public static ApiTokens read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Both sets of tokens (an option and a file may both be given). */
    public ApiTokens and(ApiTokens other) {
        Map<String, Set<Scope>> m = new LinkedHashMap<>(scopes);
        other.scopes.forEach((t, s) -> m.merge(t, s, (a, b) -> {
            Set<Scope> u = EnumSet.copyOf(a);
            u.addAll(b);
            return u;
        }));
        return new ApiTokens(m);
    }

    public boolean enabled() {
        return !scopes.isEmpty();
    }

    public int size() {
        return scopes.size();
    }

    /** The scopes of a token, or null for an unknown token; compares in constant time per token. */
    Set<Scope> scopesOf(String token) {
        byte[] given = token.getBytes(StandardCharsets.UTF_8);
        Set<Scope> found = null;
        for (Map.Entry<String, Set<Scope>> e : scopes.entrySet()) {
            if (MessageDigest.isEqual(given, e.getKey().getBytes(StandardCharsets.UTF_8))) {
                found = e.getValue();
            }
        }
        return found;
    }

    private static void add(Map<String, Set<Scope>> m, String entry) {
        int colon = entry.lastIndexOf(':');
        if (colon <= 0 || colon == entry.length() - 1) {
            throw new IllegalArgumentException("token entry '" + mask(entry) + "' is not TOKEN:SCOPE[,SCOPE]");
        }
        Set<Scope> s = EnumSet.noneOf(Scope.class);
        for (String name : entry.substring(colon + 1).split(",")) {
            try {
                s.add(Scope.valueOf(name.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown scope '" + name.strip() + "' (read or write)", e);
            }
        }
        m.put(entry.substring(0, colon).strip(), s);
    }

    /** An entry in an error message without its secret. */
    private static String mask(String entry) {
        return entry.length() <= 4 ? "****" : entry.substring(0, 2) + "****";
    }
}
